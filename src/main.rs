//! The `segatlas` binary: the desktop app with no arguments (or `open`), otherwise one CLI command.

fn main() {
    std::process::exit(segatlas::cli::main(std::env::args_os().collect()));
}
