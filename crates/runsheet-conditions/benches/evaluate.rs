//! How long parsing and evaluating conditions take: `cargo bench -p runsheet-conditions`.
//!
//! The check benchmark (bench/checks.sh) evaluates the same few conditions against tens of thousands of responses;
//! this measures that part alone, in-process, with the seeds' health body.

use std::hint::black_box;
use std::time::Instant;

use runsheet_conditions::{verdict, Condition, Conditions, Observation};

const CONDITIONS: [&str; 5] = [
    "[STATUS] == 200",
    "[BODY].status == healthy",
    "[BODY].checks.database.status == pass",
    "[BODY].version == pat(2.*)",
    "[RESPONSE_TIME] < 500",
];

fn per_op(label: &str, n: u32, mut f: impl FnMut()) {
    let started = Instant::now();
    for _ in 0..n {
        f();
    }
    let each = started.elapsed() / n;
    println!("{label:<58} {:>9.2} µs", each.as_secs_f64() * 1e6);
}

fn main() {
    let body = r#"{"status":"healthy","checks":{"database":{"status":"pass"}},"version":"2.4.1"}"#;
    let obs = Observation {
        status: Some(200),
        body: Some(body.into()),
        response_time_ms: Some(3.2),
        ..Observation::default()
    };
    let required = Conditions::parse_all(&CONDITIONS).unwrap_or_else(|e| panic!("{e}"));
    let warn = Conditions::parse_all(&["[RESPONSE_TIME] > 100"]).unwrap_or_else(|e| panic!("{e}"));

    per_op("parse 5 conditions", 20_000, || {
        for c in CONDITIONS {
            black_box(Condition::parse(black_box(c)).is_ok());
        }
    });
    per_op("verdict: 5 required + 1 warn, 80-byte JSON body", 100_000, || {
        black_box(verdict(&required, &warn, black_box(&obs)));
    });
    let status_only =
        Conditions::parse_all(&["[STATUS] == 200", "[RESPONSE_TIME] < 500"]).unwrap_or_else(|e| panic!("{e}"));
    per_op("verdict: [STATUS] and [RESPONSE_TIME] only (body not parsed)", 100_000, || {
        black_box(verdict(&status_only, &Conditions::default(), black_box(&obs)));
    });
    let items: Vec<String> = (0..1000).map(|i| format!(r#"{{"id":{i},"name":"item {i}"}}"#)).collect();
    let big = Observation {
        status: Some(200),
        body: Some(format!(r#"{{"items":[{}]}}"#, items.join(","))),
        ..Observation::default()
    };
    let on_big = Conditions::parse_all(&[
        "len([BODY].items) > 0",
        "[BODY].items[999].id == 999",
        "[BODY].items[0].name == pat(item*)",
    ])
    .unwrap_or_else(|e| panic!("{e}"));
    per_op("verdict: 3 conditions, 30 KB JSON body (parsed once)", 2_000, || {
        black_box(verdict(&on_big, &Conditions::default(), black_box(&big)));
    });
}
