//! SIGKILL at random moments during a stream of step transitions: every acknowledged transition must be in the
//! database and the chain must verify. `RUNSHEET_DURABILITY_TRIALS` sets the number of trials (default 10;
//! `bench/durability.sh` runs 100).

use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::sync::mpsc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::support::{result, Workspace};

/// A small xorshift generator seeded from the clock; the seed is printed so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn acknowledged_transitions_survive_sigkill() {
    let trials: usize = std::env::var("RUNSHEET_DURABILITY_TRIALS").ok().and_then(|v| v.parse().ok()).unwrap_or(10);
    let seed = std::env::var("RUNSHEET_DURABILITY_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_nanos() as u64 | 1);
    eprintln!("durability: {trials} trials, seed {seed}");
    let mut rng = Rng(seed);
    let ws = Workspace::new();
    let (mut acknowledged, mut lost, mut killed_mid_stream) = (0, 0, 0);
    for trial in 0..trials {
        let run = ws.ok(&["debug", "generate", "--steps", "1000"]).trim().to_string();
        let mut child = ws.command().args(["debug", "transitions", &run]).stdout(Stdio::piped()).spawn().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(step) = line.split_whitespace().nth(1) {
                    let _ = tx.send(step.to_string());
                }
            }
        });
        std::thread::sleep(Duration::from_millis(20 + rng.next() % 380));
        let finished = child.try_wait().unwrap().is_some();
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        reader.join().unwrap();
        if !finished {
            killed_mid_stream += 1;
        }
        let acked: HashSet<String> = rx.try_iter().collect();
        acknowledged += acked.len();

        let shown = ws.json(&["run", "show", &run]);
        let done: HashSet<String> = shown["steps"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["state"] == "done")
            .map(|s| s["step_id"].to_string())
            .collect();
        let missing = acked.difference(&done).count();
        lost += missing;
        assert_eq!(missing, 0, "trial {trial} (seed {seed}): {missing} acknowledged transitions lost");
        assert!(done.len() <= acked.len() + 1, "at most the one in flight is done but unacknowledged");
        let (code, out, _) = result(&ws.run(&["audit", "verify"]));
        assert_eq!(code, 0, "trial {trial} (seed {seed}): {out}");
    }
    eprintln!(
        "durability: {trials} trials, {killed_mid_stream} killed mid-stream, {acknowledged} acknowledged, {lost} lost, 0 broken chains"
    );
    assert!(killed_mid_stream > 0, "no trial killed the writer mid-stream; the test proved nothing");
}
