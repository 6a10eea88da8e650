/// jemalloc rather than glibc's malloc: `runsheet check` of 10,000 checks spent 12 % of its CPU in malloc and free,
/// partly waiting on glibc's arena locks shared by the runtime's threads (docs/performance.md, "Checks").
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> std::process::ExitCode {
    // Buffered: `check --json` of 10,000 results is megabytes, and stdout is line-buffered. Flushed before exit.
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
    let code = runsheet_cli::main_with(std::env::args_os(), &mut out, &mut std::io::stderr());
    let code = match std::io::Write::flush(&mut out) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("runsheet: cannot write the output: {e}");
            runsheet_cli::EXIT_ERROR
        }
        _ => code,
    };
    std::process::ExitCode::from(code)
}
