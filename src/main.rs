//! The `segatlas` binary: the desktop app with no arguments (or `open`), otherwise one CLI command.

fn main() {
    // Output piped into `head` and closed early ends the program quietly, as Unix tools do
    // (exit 141), instead of a panic in println!.
    #[cfg(unix)]
    // SAFETY: restoring the default disposition of SIGPIPE before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    std::process::exit(segatlas::cli::main(std::env::args_os().collect()));
}
