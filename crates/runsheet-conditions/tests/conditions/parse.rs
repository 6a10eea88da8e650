//! The parser: every operator, placeholder and function, JSON paths, and the column and message of each error.

use runsheet_conditions::{Condition, JsonPath, Literal, Operand, Operator, Placeholder, Segment, Span};

fn ok(text: &str) -> Condition {
    Condition::parse(text).unwrap_or_else(|e| panic!("{e}"))
}

fn err(text: &str) -> (usize, String) {
    match Condition::parse(text) {
        Ok(c) => panic!("`{text}` parsed: {c:?}"),
        Err(e) => {
            assert_eq!(e.condition, text);
            (e.column, e.message)
        }
    }
}

fn body(path: &str) -> Placeholder {
    match ok(&format!("[BODY]{path} == x")).left().clone() {
        Operand::Placeholder(p) => p,
        other => panic!("{other:?}"),
    }
}

#[test]
fn every_operator() {
    for op in Operator::ALL {
        let c = ok(&format!("[STATUS] {op} 200"));
        assert_eq!(c.operator(), op);
        assert_eq!(c.left(), &Operand::Placeholder(Placeholder::Status));
        assert_eq!(c.right(), &Operand::Literal(Literal::new("200")));
    }
}

#[test]
fn every_placeholder() {
    let cases = [
        ("[STATUS]", Placeholder::Status),
        ("[RESPONSE_TIME]", Placeholder::ResponseTime),
        ("[BODY]", Placeholder::Body(JsonPath::default())),
        ("[HEADER].X-Health-Status", Placeholder::Header("X-Health-Status".into())),
        ("[CERTIFICATE_EXPIRATION]", Placeholder::CertificateExpiration),
        ("[CONNECTED]", Placeholder::Connected),
        ("[DNS_RCODE]", Placeholder::DnsRcode),
        ("[IP]", Placeholder::Ip),
        ("[RESULT]", Placeholder::Result(JsonPath::default())),
        ("[EXIT_CODE]", Placeholder::ExitCode),
    ];
    for (text, expected) in cases {
        let c = ok(&format!("{text} == 1"));
        assert_eq!(c.left().clone(), Operand::Placeholder(expected.clone()), "{text}");
        assert_eq!(expected.to_string(), text);
    }
}

#[test]
fn placeholder_names_are_case_insensitive_and_keep_the_text_as_written() {
    let c = ok("[status] == 200");
    assert_eq!(c.left().clone(), Operand::Placeholder(Placeholder::Status));
    assert_eq!(c.to_string(), "[status] == 200");
    assert_eq!(ok("[Body].Status == UP").left().clone(), Operand::Placeholder(body(".Status")));
}

#[test]
fn json_paths_nested_arrays_and_root_arrays() {
    use Segment::{Index, Key};
    let path = |p: Placeholder| match p {
        Placeholder::Body(path) => path.segments,
        other => panic!("{other:?}"),
    };
    assert_eq!(path(body(".status")), vec![Key("status".into())]);
    assert_eq!(
        path(body(".checks.database.status")),
        vec![Key("checks".into()), Key("database".into()), Key("status".into())]
    );
    assert_eq!(path(body(".items[0].id")), vec![Key("items".into()), Index(0), Key("id".into())]);
    assert_eq!(path(body("[0].id")), vec![Index(0), Key("id".into())]);
    assert_eq!(path(body("[3][2]")), vec![Index(3), Index(2)]);
    assert_eq!(path(body(".data[1][1]")), vec![Key("data".into()), Index(1), Index(1)]);
    assert_eq!(path(body(".service name")), vec![Key("service name".into())]);
    assert_eq!(path(body(".a-b:c@d")), vec![Key("a-b:c@d".into())]);
}

#[test]
fn functions() {
    let c = ok("len([BODY].items) > 0");
    assert_eq!(c.left().clone(), Operand::Len(body(".items")));
    let c = ok("has([BODY].errors) == false");
    assert_eq!(c.left().clone(), Operand::Has(body(".errors")));
    assert_eq!(c.right().clone(), Operand::Literal(Literal::new("false")));
    let c = ok("[BODY] == pat(*healthy*)");
    assert!(matches!(&c.right().clone(), Operand::Pattern(p) if p.as_str() == "*healthy*"));
    let c = ok("[STATUS] == any(200, 204)");
    assert_eq!(c.right().clone(), Operand::AnyOf(vec![Literal::new("200"), Literal::new("204")]));
    let c = ok("any(200,429) == [STATUS]");
    assert_eq!(c.left().clone(), Operand::AnyOf(vec![Literal::new("200"), Literal::new("429")]));
    let c = ok("len( [BODY].items ) == 3");
    assert_eq!(c.left().clone(), Operand::Len(body(".items")));
    let c = ok("has([HEADER].ETag) == true");
    assert_eq!(c.left().clone(), Operand::Has(Placeholder::Header("ETag".into())));
}

#[test]
fn patterns_keep_spaces_parentheses_and_operators_inside() {
    let c = ok("[BODY] == pat(*<div id=\"user\">john.doe</div>*)");
    assert!(matches!(&c.right().clone(), Operand::Pattern(p) if p.as_str() == "*<div id=\"user\">john.doe</div>*"));
    let c = ok("[BODY] == pat(*a == b (c) > d*)");
    assert!(matches!(&c.right().clone(), Operand::Pattern(p) if p.as_str() == "*a == b (c) > d*"));
    let c = ok("[BODY] == pat(*\\(*)");
    assert!(matches!(&c.right().clone(), Operand::Pattern(p) if p.matches(":(")));
}

#[test]
fn literals_are_taken_as_written() {
    assert_eq!(ok("[BODY].name == hello world").right().clone(), Operand::Literal(Literal::new("hello world")));
    assert_eq!(ok("[BODY] == <html>").right().clone(), Operand::Literal(Literal::new("<html>")));
    assert_eq!(ok("[BODY] == a=b").right().clone(), Operand::Literal(Literal::new("a=b")));
    assert_eq!(ok("[BODY] == <b> x</b>").right().clone(), Operand::Literal(Literal::new("<b> x</b>")));
    assert_eq!(ok("[BODY] == pat(* < *)").right().clone(), ok("[BODY] == pat(* < *)").right().clone());
    assert_eq!(ok("[BODY] == [1 2]").right().clone(), Operand::Literal(Literal::new("[1 2]")));
    assert_eq!(ok("[BODY] == (x)").right().clone(), Operand::Literal(Literal::new("(x)")));
    assert_eq!(ok("raw == raw").left().clone(), Operand::Literal(Literal::new("raw")));
    assert_eq!(ok("  [STATUS]   ==   200  ").right().clone(), Operand::Literal(Literal::new("200")));
}

#[test]
fn spans_point_at_each_part() {
    let c = ok("len([BODY].items) >= 10");
    assert_eq!(
        c.spans(),
        (Span { column: 1, length: 17 }, Span { column: 19, length: 2 }, Span { column: 22, length: 2 })
    );
    let c = ok("  [IP] == 127.0.0.1");
    assert_eq!(c.spans().0, Span { column: 3, length: 4 });
}

/// Gatus's `TestCondition_Validate` invalid cases, refused here too, with a column.
#[test]
fn gatus_invalid_conditions() {
    assert_eq!(err("[STATUS] ? 201"), (10, "unknown operator `?`: use `==`, `!=`, `<`, `<=`, `>` or `>=`".into()));
    assert_eq!(err("[STATUS]==201"), (9, "operator `==` needs a space on both sides: `[STATUS] == 201`".into()));
    assert_eq!(err("[STATUS] = = 201"), (10, "unknown operator `=` (use `==`)".into()));
    assert_eq!(err("[STATUS] ==").0, 10);
    assert!(err("[STATUS] ==").1.starts_with("nothing on the right of `==`"));
    let (column, message) = err("[STATUS]");
    assert_eq!(column, 9);
    assert!(message.starts_with("no operator"), "{message}");
}

#[test]
fn error_messages_name_the_column() {
    let e = Condition::parse("[STATUS] = 200").unwrap_err();
    assert_eq!(e.to_string(), "condition `[STATUS] = 200`, column 10: unknown operator `=` (use `==`)");
    assert_eq!(err("[STAUS] == 200"), (1, "unknown placeholder `[STAUS]` (did you mean `[STATUS]`?)".into()));
    assert_eq!(err("[BODY].status == [STATUS_CODE]").0, 18);
    assert!(err("[BODY].status == [STATUS_CODE]").1.contains("did you mean `[STATUS]`"));
    assert!(err("[FOO] == 1").1.contains("the placeholders are `[STATUS]`"));
    assert_eq!(err("len([BODY].items == 3"), (4, "unclosed `(`: add the matching `)`".into()));
    assert_eq!(err("[BODY] == pat(*x*))").0, 19);
    assert_eq!(err("[STATUS]== 200").0, 9);
    assert_eq!(err("[STATUS] ==200").0, 10);
    assert_eq!(err("[STATUS] => 200"), (10, "unknown operator `=>` (use `>=`)".into()));
    assert_eq!(err("[STATUS] <> 200"), (10, "unknown operator `<>` (use `!=`)".into()));
    assert_eq!(err("[STATUS] === 200"), (10, "unknown operator `===` (use `==`)".into()));
    assert!(err("[STATUS] == 200 == 300").1.starts_with("a second operator `==`"));
    assert_eq!(err("[STATUS] == 200 == 300").0, 17);
    assert_eq!(err("== 200").0, 1);
    assert!(err("== 200").1.starts_with("nothing on the left"));
    assert_eq!(err(""), (1, "the condition is empty; write one such as `[STATUS] == 200`".into()));
    assert_eq!(err("   ").0, 1);
}

#[test]
fn operator_words_inside_a_side_are_refused() {
    // Found by fuzzing: `<` before a tab is no operator, but it would become one once the sides are respaced.
    assert_eq!(err("[n< <\t < <<").0, 5);
    let (column, message) = err("[BODY] == a = b");
    assert_eq!(column, 13);
    assert_eq!(message, "`=` between spaces reads as a second operator: a condition compares two values");
    assert_eq!(err("[BODY].a <\t == 1").0, 10);
    assert_eq!(err("x == y !").0, 8);
}

#[test]
fn errors_in_functions() {
    assert_eq!(err("lenght([BODY].items) > 0"), (1, "unknown function `lenght()` (did you mean `len()`?)".into()));
    assert_eq!(err("LEN([BODY]) > 0").1, "unknown function `LEN()` (did you mean `len()`?)");
    assert!(err("count([BODY]) > 0").1.contains("the functions are `len()`, `has()`, `pat()` and `any()`"));
    assert_eq!(err("len(items) > 0"), (5, "`len()` takes a placeholder such as `len([BODY].items)`".into()));
    assert_eq!(err("has() == true").0, 5);
    assert_eq!(err("[STATUS] == any()").0, 16);
    assert_eq!(err("[STATUS] == any(200,,204)"), (21, "empty value in `any()`: remove the extra comma".into()));
    assert_eq!(err("[STATUS] < any(200, 204)").0, 12);
    assert!(err("[STATUS] < any(200, 204)").1.contains("works only with `==` and `!=`"));
    assert!(err("pat(4*) > [STATUS]").1.starts_with("`pat()` works only"));
    assert!(err("pat(a) == any(b)").1.starts_with("both sides"));
    assert_eq!(
        err("[BODY] == pat(*[abc)"),
        (16, "unclosed `[` in the pattern; write `\\[` for the character `[` itself".into())
    );
    assert_eq!(err("len([BODY].items) + 1 == 3"), (19, "unexpected `+ 1` after `len(…)`".into()));
}

#[test]
fn errors_in_placeholders_and_paths() {
    assert_eq!(err("[STATUS.x] == 1"), (1, "unclosed `[`: write `[STATUS]`".into()));
    assert_eq!(err("[STATUS].code == 1"), (9, "`[STATUS]` takes no path: unexpected `.code`".into()));
    assert_eq!(err("[BODY]status == UP").0, 7);
    assert!(err("[BODY]status == UP").1.contains("a JSON path goes on with `.field` or `[index]`"));
    assert_eq!(err("[BODY]..a == 1").0, 7);
    assert_eq!(err("[BODY]. == 1").0, 7);
    assert_eq!(err("[BODY].items[0 == 1"), (13, "unclosed `[` in the path: an index is written `[0]`".into()));
    assert_eq!(err("[BODY].items[-1] == 1").0, 14);
    assert!(err("[BODY].items[-1] == 1").1.contains("cannot be negative"));
    assert!(err("[BODY].items[x] == 1").1.contains("not `[x]`"));
    assert!(err("[BODY].items[*].id == 1").1.contains("`[*]` (every element) is not supported"));
    assert!(err("[BODY].items[99999999999999999999999] == 1").1.contains("too large"));
    assert!(err("[BODY].a]b == 1").1.contains("unexpected `]`"));
    assert_eq!(err("[HEADER] == x").0, 8);
    assert!(err("[HEADER] == x").1.contains("needs a header name"));
    assert!(err("[HEADER]. == x").1.contains("needs a header name"));
    assert_eq!(err("[HEADER].X(Y) == x").0, 11);
    assert!(err("[DOMAIN_EXPIRATION] > 720h").1.contains("does not support"));
    assert!(err("[CONTEXT].id == 1").1.contains("not supported"));
}

#[test]
fn refuses_long_conditions_and_control_characters() {
    let long = format!("[BODY] == {}", "x".repeat(runsheet_conditions::MAX_CONDITION_BYTES));
    let (column, message) = err(&long);
    assert_eq!(column, runsheet_conditions::MAX_CONDITION_BYTES + 1);
    assert!(message.contains("the limit is 4096"), "{message}");
    let wide = format!("[BODY] == {}", "é".repeat(3000));
    let (column, _) = err(&wide);
    assert!(column <= wide.chars().count() + 1);
    assert_eq!(err("[STATUS] ==\n200"), (12, "control character U+000A: a condition is one line of text".into()));
    assert!(Condition::parse("[STATUS]\t==\t200").is_err());
}
