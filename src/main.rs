//! The `trackplan` binary: parses arguments, runs the command, maps the result to an exit code.

fn main() -> std::process::ExitCode {
    trackplan::cli::run(std::env::args_os())
}
