//! One condition: `left operator right`, e.g. `[STATUS] == 200`, `len([BODY].items) > 0`,
//! `[BODY].status == any(UP, ok)`.

use std::fmt;
use std::str::FromStr;

use crate::number::{numeric_value, Num};
use crate::pattern::Pattern;
use crate::{parse, ConditionError};

/// One parsed condition. It keeps the text as written, which is what it displays and serialises.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    pub(crate) source: String,
    pub(crate) left: Operand,
    pub(crate) operator: Operator,
    pub(crate) right: Operand,
    pub(crate) left_span: Span,
    pub(crate) operator_span: Span,
    pub(crate) right_span: Span,
}

/// Where a part of a condition is: 1-based character column and length in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    /// 1-based character column of the first character.
    pub column: usize,
    /// Number of characters.
    pub length: usize,
}

/// A comparison operator. Gatus needs a space on both sides of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operator {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl Operator {
    /// Every operator.
    pub const ALL: [Operator; 6] = [Operator::Eq, Operator::Ne, Operator::Lt, Operator::Le, Operator::Gt, Operator::Ge];

    /// As written: `==`, `!=`, `<`, `<=`, `>`, `>=`.
    pub fn as_str(self) -> &'static str {
        match self {
            Operator::Eq => "==",
            Operator::Ne => "!=",
            Operator::Lt => "<",
            Operator::Le => "<=",
            Operator::Gt => ">",
            Operator::Ge => ">=",
        }
    }

    /// The operator written as `text`, if it is one.
    pub fn from_text(text: &str) -> Option<Operator> {
        Operator::ALL.into_iter().find(|op| op.as_str() == text)
    }

    /// Whether it orders (`<`, `<=`, `>`, `>=`) rather than tests equality.
    pub fn is_ordering(self) -> bool {
        !matches!(self, Operator::Eq | Operator::Ne)
    }
}

impl fmt::Display for Operator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One side of a condition.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    /// A value the probe observed: `[STATUS]`, `[BODY].status`.
    Placeholder(Placeholder),
    /// `len(placeholder)`: elements of an array, characters of anything else.
    Len(Placeholder),
    /// `has(placeholder)`: `true` when it has a value, `false` otherwise (never "no data").
    Has(Placeholder),
    /// `pat(glob)`: the other side matches the pattern. Only with `==` and `!=`.
    Pattern(Pattern),
    /// `any(a, b, …)`: the other side equals one of the values. Only with `==` and `!=`.
    AnyOf(Vec<Literal>),
    /// A fixed value as written: `200`, `UP`, `true`, `48h`, `hello world`.
    Literal(Literal),
}

impl Operand {
    /// Whether it is `pat(...)` or `any(...)`, which only make sense on the right of `==` or `!=`.
    pub fn is_matcher(&self) -> bool {
        matches!(self, Operand::Pattern(_) | Operand::AnyOf(_))
    }

    /// The placeholder it reads, if any.
    pub fn placeholder(&self) -> Option<&Placeholder> {
        match self {
            Operand::Placeholder(p) | Operand::Len(p) | Operand::Has(p) => Some(p),
            _ => None,
        }
    }
}

impl fmt::Display for Operand {
    /// The canonical spelling (placeholders in capitals, `any(a, b)` with one space after each comma).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Operand::Placeholder(p) => write!(f, "{p}"),
            Operand::Len(p) => write!(f, "len({p})"),
            Operand::Has(p) => write!(f, "has({p})"),
            Operand::Pattern(p) => write!(f, "pat({})", p.as_str()),
            Operand::AnyOf(values) => {
                f.write_str("any(")?;
                for (i, v) in values.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    f.write_str(&v.text)?;
                }
                f.write_str(")")
            }
            Operand::Literal(l) => f.write_str(&l.text),
        }
    }
}

/// A fixed value, with its reading as a number or duration worked out once.
#[derive(Debug, Clone, PartialEq)]
pub struct Literal {
    pub(crate) text: String,
    pub(crate) number: Option<Num>,
}

impl Literal {
    /// A literal from its text.
    pub fn new(text: impl Into<String>) -> Literal {
        let text = text.into();
        let number = numeric_value(&text);
        Literal { text, number }
    }

    /// The text as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

/// What a placeholder reads from an [`Observation`](crate::Observation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placeholder {
    /// `[STATUS]`: the HTTP status code.
    Status,
    /// `[RESPONSE_TIME]`: milliseconds.
    ResponseTime,
    /// `[BODY]` and `[BODY].path`: the body, or a value inside a JSON body.
    Body(JsonPath),
    /// `[HEADER].Name`: a response header, name matched case-insensitively.
    Header(String),
    /// `[CERTIFICATE_EXPIRATION]`: time left on the certificate, in milliseconds (compare with `48h`, `30d`).
    CertificateExpiration,
    /// `[CONNECTED]`: `true` or `false`.
    Connected,
    /// `[DNS_RCODE]`: `NOERROR`, `NXDOMAIN`, ….
    DnsRcode,
    /// `[IP]`: the address connected to or resolved.
    Ip,
    /// `[RESULT]` and `[RESULT].path`: the value of a SQL query, metric or comparison.
    Result(JsonPath),
    /// `[EXIT_CODE]`: a command's exit code.
    ExitCode,
}

impl Placeholder {
    /// The names a condition may use, as written in capitals (lower case is accepted too).
    pub const NAMES: [&'static str; 10] = [
        "STATUS",
        "RESPONSE_TIME",
        "BODY",
        "HEADER",
        "CERTIFICATE_EXPIRATION",
        "CONNECTED",
        "DNS_RCODE",
        "IP",
        "RESULT",
        "EXIT_CODE",
    ];

    /// The name in capitals, without brackets: `STATUS`.
    pub fn name(&self) -> &'static str {
        match self {
            Placeholder::Status => "STATUS",
            Placeholder::ResponseTime => "RESPONSE_TIME",
            Placeholder::Body(_) => "BODY",
            Placeholder::Header(_) => "HEADER",
            Placeholder::CertificateExpiration => "CERTIFICATE_EXPIRATION",
            Placeholder::Connected => "CONNECTED",
            Placeholder::DnsRcode => "DNS_RCODE",
            Placeholder::Ip => "IP",
            Placeholder::Result(_) => "RESULT",
            Placeholder::ExitCode => "EXIT_CODE",
        }
    }

    /// What kind of value it gives whatever the probe saw, if that is fixed.
    pub(crate) fn value_type(&self) -> Option<ValueType> {
        match self {
            Placeholder::Status
            | Placeholder::ResponseTime
            | Placeholder::CertificateExpiration
            | Placeholder::ExitCode => Some(ValueType::Number),
            Placeholder::Connected => Some(ValueType::Boolean),
            Placeholder::DnsRcode | Placeholder::Ip => Some(ValueType::Text),
            Placeholder::Body(_) | Placeholder::Result(_) | Placeholder::Header(_) => None,
        }
    }
}

/// The fixed type of a placeholder's value, for the linter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ValueType {
    Number,
    Boolean,
    Text,
}

impl fmt::Display for Placeholder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}]", self.name())?;
        match self {
            Placeholder::Body(path) | Placeholder::Result(path) => write!(f, "{path}"),
            Placeholder::Header(name) => write!(f, ".{name}"),
            _ => Ok(()),
        }
    }
}

/// A path into a JSON value, as Gatus writes it: `.checks.database.status`, `.items[0].id`, `[0]`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct JsonPath {
    /// The steps from the root; empty for the whole value.
    pub segments: Vec<Segment>,
}

/// One step of a [`JsonPath`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// `.name`: a field of an object.
    Key(String),
    /// `[n]`: an element of an array, from 0.
    Index(usize),
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for segment in &self.segments {
            match segment {
                Segment::Key(k) => write!(f, ".{k}")?,
                Segment::Index(i) => write!(f, "[{i}]")?,
            }
        }
        Ok(())
    }
}

impl Condition {
    /// Parses one condition such as `[STATUS] == 200`.
    pub fn parse(text: &str) -> Result<Condition, ConditionError> {
        parse::parse(text)
    }

    /// Builds a condition from its parts, written in the canonical spelling (`left op right`, one space around the
    /// operator). `pat`/`any` with `<`-style operators and the like are refused as parsing would refuse them.
    pub fn new(left: Operand, operator: Operator, right: Operand) -> Result<Condition, ConditionError> {
        Condition::parse(&format!("{left} {operator} {right}"))
    }

    /// The text as written.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// The left side.
    pub fn left(&self) -> &Operand {
        &self.left
    }

    /// The operator.
    pub fn operator(&self) -> Operator {
        self.operator
    }

    /// The right side.
    pub fn right(&self) -> &Operand {
        &self.right
    }

    /// Where the left side, the operator and the right side are in the text.
    pub fn spans(&self) -> (Span, Span, Span) {
        (self.left_span, self.operator_span, self.right_span)
    }

    /// Every placeholder it reads.
    pub fn placeholders(&self) -> impl Iterator<Item = &Placeholder> {
        self.left.placeholder().into_iter().chain(self.right.placeholder())
    }
}

impl fmt::Display for Condition {
    /// The condition exactly as written.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

impl FromStr for Condition {
    type Err = ConditionError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Condition::parse(s)
    }
}

impl serde::Serialize for Condition {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.source)
    }
}

impl<'de> serde::Deserialize<'de> for Condition {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Condition::parse(&text).map_err(serde::de::Error::custom)
    }
}
