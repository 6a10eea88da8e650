fn main() -> std::process::ExitCode {
    let code = runsheet_cli::main_with(std::env::args_os(), &mut std::io::stdout(), &mut std::io::stderr());
    std::process::ExitCode::from(code)
}
