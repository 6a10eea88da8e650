//! The benchmark's baseline (bench/checks.sh): the least a program can do to run N HTTP checks with JSON
//! conditions at a given concurrency — one shared reqwest client, tokio tasks under a semaphore, `serde_json` on
//! each body, two field comparisons. No config, no store, no conditions language, no evidence.
//!
//! `cargo run --release --example bare_http_loop -- URL COUNT CONCURRENCY`

use std::sync::Arc;
use std::time::Instant;

use tokio::sync::Semaphore;

/// The allocator the `runsheet` CLI uses, so that the comparison is of the work, not of the allocators.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let url = args.next().expect("URL");
    let count: usize = args.next().and_then(|c| c.parse().ok()).unwrap_or(10_000);
    let concurrency: usize = args.next().and_then(|c| c.parse().ok()).unwrap_or(16);
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::Client::builder().build().expect("client");
    let permits = Arc::new(Semaphore::new(concurrency));
    let clock = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..count {
        let (client, permits, url) = (client.clone(), permits.clone(), format!("{url}?i={i}"));
        tasks.spawn(async move {
            let _permit = permits.acquire_owned().await.expect("semaphore");
            let Ok(response) = client.get(&url).send().await else { return false };
            let status = response.status().as_u16();
            let Ok(body) = response.bytes().await else { return false };
            let Ok(json) = serde_json::from_slice::<serde_json::Value>(&body) else { return false };
            status == 200 && json["status"] == "healthy" && json["checks"]["database"]["status"] == "pass"
        });
    }
    let mut passed = 0;
    while let Some(ok) = tasks.join_next().await {
        if ok.unwrap_or(false) {
            passed += 1;
        }
    }
    println!("{passed}/{count} passed in {:.3} s", clock.elapsed().as_secs_f64());
    if passed != count {
        std::process::exit(1);
    }
}
