//! Importing a 5 MB Markdown plan in-process, beside pulldown-cmark alone on the same text (the floor any
//! Markdown importer pays). `-- --write PATH` also writes the plan, for `bench/import.sh` to time the CLI on.
//!
//! The plan is the two real go-live plans of `tests/fixtures/` repeated until 5 MB: every third copy is aangan's
//! plan garbled through windows-1252 (so the mojibake repair has work on every line), and headings and times
//! vary from copy to copy.

use std::time::{Duration, Instant};

use runsheet_plan::{import_bytes, to_runbook};

const SIZE: usize = 5 * 1024 * 1024;
const RUNS: usize = 10;

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The 5 MB plan described in the module docs.
fn generate() -> String {
    let aangan = fixture("aangan-production-readiness.md");
    let swipesavvy = fixture("swipesavvy-rollout-plan.md");
    let (garbled, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(aangan.as_bytes());
    let mut plan = String::from("# Five-megabyte go-live plan\n\n");
    let mut n = 0usize;
    while plan.len() < SIZE {
        let copy = match n % 3 {
            0 => aangan.as_str(),
            1 => swipesavvy.as_str(),
            _ => garbled.as_ref(),
        };
        let hour = n % 24;
        let varied = copy.replace("\n## ", &format!("\n## Wave {n}: ")).replace("| 02:", &format!("| {hour:02}:"));
        // The copies' own top headings become phases of the one plan.
        plan.push_str(&varied.replacen("# ", "## ", 1));
        plan.push('\n');
        n += 1;
    }
    plan
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn time(mut f: impl FnMut()) -> Duration {
    f();
    median(
        (0..RUNS)
            .map(|_| {
                let start = Instant::now();
                f();
                start.elapsed()
            })
            .collect(),
    )
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let plan = generate();
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--write") {
        let path = args.get(at + 1).expect("--write PATH");
        std::fs::write(path, &plan).unwrap_or_else(|e| panic!("{path}: {e}"));
    }
    let bytes = plan.as_bytes();
    let imported = import_bytes(bytes, "plan.md").expect("the generated plan imports");
    let import = time(|| {
        std::hint::black_box(import_bytes(std::hint::black_box(bytes), "plan.md").ok());
    });
    let convert = time(|| {
        std::hint::black_box(to_runbook(&imported));
    });
    let json = time(|| {
        std::hint::black_box(serde_json::to_string(&imported).ok());
    });
    let options = pulldown_cmark::Options::ENABLE_TABLES | pulldown_cmark::Options::ENABLE_TASKLISTS;
    let bare = time(|| {
        let events = pulldown_cmark::Parser::new_ext(std::hint::black_box(&plan), options).into_offset_iter().count();
        std::hint::black_box(events);
    });
    println!(
        "plan: {:.1} MB, {} phases, {} steps, {} commands, {} repairs",
        bytes.len() as f64 / 1_048_576.0,
        imported.all_phases().len(),
        imported.step_count(),
        imported.command_count(),
        imported.encoding.repaired_total
    );
    println!("| What (median of {RUNS}, in-process) | Time |");
    println!("| --- | ---: |");
    println!("| `import_bytes` (decode, repair, parse, build) | {} |", ms(import));
    println!("| pulldown-cmark alone, same text (bare) | {} |", ms(bare));
    println!("| `to_runbook` | {} |", ms(convert));
    println!("| `ImportedPlan` to JSON | {} |", ms(json));
}
