//! The linter behind the condition playground: remarks on a condition, checked against a sample observation.
//!
//! It reports what the parser refuses (unknown placeholder, operator without spaces, …) and what reads but likely
//! does not do what was meant: a JSON path that matches nothing in the sample body, a number compared with
//! something that is not one, `pat()` on the left, quotes around a value, a fixed comparison.

use runsheet_core::check::{ConditionDiagnostic, DiagnosticSeverity};
use serde_json::Value;

use crate::condition::{Condition, JsonPath, Operand, Operator, Placeholder, Span, ValueType};
use crate::number::{is_duration_literal, parse_duration_ms};
use crate::resolve::{MissingKind, Resolved, Scope};
use crate::Observation;

/// Remarks on `condition`, checked against `observation` (the sample the playground shows), ordered by column.
/// A condition that cannot be read gives one [`DiagnosticSeverity::Error`].
pub fn lint(condition: &str, observation: &Observation) -> Vec<ConditionDiagnostic> {
    let parsed = match Condition::parse(condition) {
        Ok(c) => c,
        Err(e) => return vec![diagnostic(DiagnosticSeverity::Error, e.message, Span { column: e.column, length: 1 })],
    };
    let scope = Scope::new(observation);
    let mut out = Vec::new();
    let c = &parsed;
    let sides = [(&c.left, c.left_span), (&c.right, c.right_span)];

    if c.left.is_matcher() {
        out.push(diagnostic(
            DiagnosticSeverity::Warning,
            format!("put `{}` on the right: `{} {} {}`", c.left, c.right, c.operator, c.left),
            c.left_span,
        ));
    }
    if c.placeholders().next().is_none() {
        let whole =
            Span { column: c.left_span.column, length: c.right_span.column + c.right_span.length - c.left_span.column };
        out.push(diagnostic(
            DiagnosticSeverity::Warning,
            "no placeholder: this compares two fixed values, so it always gives the same answer",
            whole,
        ));
    }

    // Paths that lead nowhere in the sample (not for `has()`, whose point is that they may not).
    for (operand, span) in sides {
        if matches!(operand, Operand::Placeholder(_) | Operand::Len(_)) {
            if let Resolved::Missing(m) = scope.operand(operand) {
                if matches!(m.kind, MissingKind::NoMatch | MissingKind::NotJson) {
                    let hint = operand.placeholder().and_then(|p| fields_hint(&scope, p)).unwrap_or_default();
                    out.push(diagnostic(DiagnosticSeverity::Warning, format!("{}{hint}", m.reason), span));
                }
            }
        }
    }

    types(c, &scope, &mut out);

    for (operand, span) in sides {
        let literals: Vec<&str> = match operand {
            Operand::Literal(l) => vec![l.as_str()],
            Operand::AnyOf(values) => values.iter().map(|v| v.as_str()).collect(),
            _ => continue,
        };
        for text in literals {
            let quoted = text.len() >= 2
                && ((text.starts_with('"') && text.ends_with('"')) || (text.starts_with('\'') && text.ends_with('\'')));
            if quoted {
                out.push(diagnostic(
                    DiagnosticSeverity::Warning,
                    format!(
                        "the quotes are part of the value: `{text}` equals only text with quote marks; write {} \
                         without them",
                        &text[1..text.len() - 1]
                    ),
                    span,
                ));
            }
            if is_duration_literal(text) && text.contains('d') {
                let hours = parse_duration_ms(text).map(|ms| ms / 3_600_000.0).unwrap_or_default();
                out.push(diagnostic(
                    DiagnosticSeverity::Info,
                    format!("`d` (days) is a Runsheet extension: Gatus reads `{text}` as 0; write `{hours}h` to share this condition with Gatus"),
                    span,
                ));
            }
        }
    }

    // `[CERTIFICATE_EXPIRATION] > 48`: milliseconds, surely meant as hours or days.
    let pairs = [(&c.left, &c.right, c.right_span), (&c.right, &c.left, c.left_span)];
    for (this, other, other_span) in pairs {
        if let (Operand::Placeholder(Placeholder::CertificateExpiration), Operand::Literal(l)) = (this, other) {
            if l.number.is_some_and(|n| n.as_f64().abs() < 1_000_000.0) && !is_duration_literal(l.as_str()) {
                out.push(diagnostic(
                    DiagnosticSeverity::Info,
                    format!(
                        "`{}` is read as milliseconds; write a duration such as `{}h` or `{}d`",
                        l.as_str(),
                        l.as_str(),
                        l.as_str()
                    ),
                    other_span,
                ));
            }
        }
    }

    out.sort_by_key(|d| d.column);
    out
}

/// The kind of value a side gives: fixed by the placeholder, read from a literal, or seen in the sample.
fn value_type(operand: &Operand, scope: &Scope<'_>) -> Option<ValueType> {
    match operand {
        Operand::Len(_) => Some(ValueType::Number),
        Operand::Has(_) => Some(ValueType::Boolean),
        Operand::Literal(l) if l.number.is_some() => Some(ValueType::Number),
        Operand::Literal(l) if matches!(l.as_str(), "true" | "false") => Some(ValueType::Boolean),
        Operand::Literal(_) => Some(ValueType::Text),
        Operand::Placeholder(p) => p.value_type().or_else(|| match scope.placeholder(p) {
            Ok(v) if v.number.is_some() => Some(ValueType::Number),
            Ok(v) if matches!(v.text.as_ref(), "true" | "false") => Some(ValueType::Boolean),
            Ok(_) => Some(ValueType::Text),
            Err(_) => None,
        }),
        Operand::Pattern(_) | Operand::AnyOf(_) => None,
    }
}

/// A number compared with a non-number, `true`/`false` ordered, `has()` compared with something else.
fn types(c: &Condition, scope: &Scope<'_>, out: &mut Vec<ConditionDiagnostic>) {
    let (lt, rt) = (value_type(&c.left, scope), value_type(&c.right, scope));
    if c.operator.is_ordering() && (lt == Some(ValueType::Boolean) || rt == Some(ValueType::Boolean)) {
        out.push(diagnostic(
            DiagnosticSeverity::Warning,
            format!("`true` and `false` have no order: use `==` or `!=`, not `{}`", c.operator),
            c.operator_span,
        ));
        return;
    }
    for (this, this_type, other, other_type, other_span) in
        [(&c.left, lt, &c.right, rt, c.right_span), (&c.right, rt, &c.left, lt, c.left_span)]
    {
        let other_is_literal = matches!(other, Operand::Literal(_));
        let never = match c.operator {
            Operator::Ne => "always holds",
            _ => "never holds",
        };
        match (this_type, other_type) {
            (Some(ValueType::Number), Some(ValueType::Text | ValueType::Boolean))
                if this.placeholder().is_some() || other.placeholder().is_some() =>
            {
                let what = if other_is_literal { format!("`{other}`") } else { described(other, scope) };
                out.push(diagnostic(
                    DiagnosticSeverity::Warning,
                    format!("`{this}` is a number and {what} is not, so this {never}"),
                    other_span,
                ));
                return;
            }
            (Some(ValueType::Boolean), Some(ValueType::Text | ValueType::Number))
                if this.placeholder().is_some() && other_is_literal =>
            {
                out.push(diagnostic(
                    DiagnosticSeverity::Warning,
                    format!("`{this}` is `true` or `false`, so comparing it with `{other}` {never}"),
                    other_span,
                ));
                return;
            }
            _ => {}
        }
    }
}

/// `[BODY].version (here "1.2.3")`.
fn described(operand: &Operand, scope: &Scope<'_>) -> String {
    match scope.operand(operand) {
        Resolved::Value(v) => format!("`{operand}` (here {})", v.show()),
        Resolved::Missing(_) => format!("`{operand}`"),
    }
}

/// For a path that matches nothing: the fields of the deepest object the path reaches, as a hint.
fn fields_hint(scope: &Scope<'_>, placeholder: &Placeholder) -> Option<String> {
    let path = match placeholder {
        Placeholder::Body(path) | Placeholder::Result(path) => path,
        _ => return None,
    };
    let mut keys = None;
    for depth in (0..path.segments.len()).rev() {
        let prefix = JsonPath { segments: path.segments[..depth].to_vec() };
        if let Ok(value) = scope.json_value(placeholder, &prefix) {
            if let Value::Object(map) = value {
                keys = Some(map.keys().take(10).map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", "));
            }
            break;
        }
    }
    keys.filter(|k| !k.is_empty()).map(|k| format!(" (fields there: {k})"))
}

fn diagnostic(severity: DiagnosticSeverity, message: impl Into<String>, span: Span) -> ConditionDiagnostic {
    ConditionDiagnostic {
        severity,
        message: message.into(),
        column: u32::try_from(span.column).unwrap_or(u32::MAX),
        length: u32::try_from(span.length.max(1)).unwrap_or(u32::MAX),
    }
}
