use clap::Parser;
use ftzroute::cli::{self, Cli};
use std::process::ExitCode;

fn main() -> ExitCode {
    // A pack runner (a child process serving one pack) is internal, not part of the user CLI.
    let mut args = std::env::args_os().skip(1);
    if args
        .next()
        .is_some_and(|a| a == ftzroute::host::RUNNER_COMMAND)
    {
        let library = args.next();
        let approved = args
            .next()
            .and_then(|hex| ftzroute::host::parse_hex(hex.to_str()?));
        return match library {
            Some(library) => {
                ftzroute::host::serve(std::path::Path::new(&library), approved.as_ref())
            }
            None => ExitCode::from(2),
        };
    }
    let cli = Cli::parse();
    // The dashboard owns the terminal: its diagnostics always go to a file.
    let log = cli.log.clone().or_else(|| {
        cli.command
            .is_none()
            .then(|| ftzroute::dashboard::state_dir().join("ftzroute.log"))
    });
    if let Some(file) = &log {
        if let Some(dir) = file.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        if let Err(error) = init_log(file) {
            eprintln!(
                "ftzroute: cannot open the log file {}: {error}",
                file.display()
            );
            return ExitCode::from(2);
        }
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match cli::run(&cli, &mut out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            tracing::error!(%failure, "command failed");
            eprintln!("ftzroute: {failure}");
            failure.exit_code()
        }
    }
}

/// Diagnostics go to a file only: stdout carries results, and the dashboard owns the terminal.
fn init_log(file: &std::path::Path) -> std::io::Result<()> {
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(file)?;
    tracing_subscriber::fmt()
        .with_writer(std::sync::Mutex::new(file))
        .with_ansi(false)
        .with_max_level(tracing::Level::DEBUG)
        .init();
    Ok(())
}
