//! Control of long engine work: a handle the caller keeps and the engine checks, to report
//! progress (0..1) and to stop when cancelled. Cloning shares it, so the app's job and the
//! engine's threads see the same flag; the engine checks it once per unit of work, so a
//! cancelled job frees its cores promptly instead of running to the end. Never prints.

use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::Arc;

/// Progress and cancellation shared between a caller and the engine.
#[derive(Debug, Clone, Default)]
pub struct Control {
    progress: Arc<AtomicU32>,
    cancelled: Arc<AtomicBool>,
    /// Units of work done (permutation rows, areas): what tests watch stop rising.
    done: Arc<AtomicU64>,
}

impl Control {
    pub fn new() -> Control {
        Control::default()
    }

    /// Ask the work to stop.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    /// Whether the work is to stop: this handle was cancelled, or the process interrupted.
    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed) || interrupted()
    }

    /// Set the fraction done, 0–1.
    pub fn set_progress(&self, fraction: f32) {
        self.progress.store(
            (fraction.clamp(0.0, 1.0) * 1000.0) as u32,
            Ordering::Relaxed,
        );
    }

    /// The fraction done, 0–1.
    pub fn progress(&self) -> f32 {
        self.progress.load(Ordering::Relaxed) as f32 / 1000.0
    }

    /// Count one unit of work done.
    pub fn tick(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }

    /// Units of work done so far.
    pub fn done(&self) -> u64 {
        self.done.load(Ordering::Relaxed)
    }
}

/// Set by the CLI's Ctrl-C handler: every [`Control`] then reads as cancelled, so the engine
/// stops wherever it is and the command exits without writing its output.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Whether the process was interrupted (Ctrl-C).
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::Relaxed)
}

/// Mark the process interrupted (the Ctrl-C handler; tests).
pub fn interrupt() {
    INTERRUPTED.store(true, Ordering::Relaxed);
}

/// An error when the process was interrupted: called before writing any output, so that an
/// interrupted command leaves no half-written result.
pub fn check_interrupted() -> crate::Result<()> {
    if interrupted() {
        Err(crate::Error::cancelled())
    } else {
        Ok(())
    }
}

/// An error when `control` was cancelled: for `?` between steps of long work.
pub fn check(control: &Control) -> crate::Result<()> {
    if control.is_cancelled() {
        Err(crate::Error::cancelled())
    } else {
        Ok(())
    }
}

/// Ctrl-C (SIGINT) interrupts the work: the first press marks the process interrupted (every
/// engine loop then stops and the command exits 130 without output); a second ends it at once.
#[cfg(unix)]
pub fn install_interrupt_handler() {
    extern "C" fn on_sigint(_: libc::c_int) {
        if INTERRUPTED.swap(true, Ordering::Relaxed) {
            // SAFETY: _exit is async-signal-safe.
            unsafe { libc::_exit(130) };
        }
    }
    // SAFETY: the handler only touches an atomic and calls _exit, both async-signal-safe.
    unsafe {
        libc::signal(
            libc::SIGINT,
            on_sigint as extern "C" fn(libc::c_int) as libc::sighandler_t,
        );
    }
}

/// Without Unix signals, Ctrl-C ends the process as usual.
#[cfg(not(unix))]
pub fn install_interrupt_handler() {}

/// The number of threads for parallel work: `SEGATLAS_THREADS` when set, else every core.
pub fn threads_from_env() -> usize {
    std::env::var("SEGATLAS_THREADS")
        .ok()
        .and_then(|t| t.trim().parse().ok())
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |t| t.get()))
        .clamp(1, 256)
}

/// Size the one thread pool all parallel work runs on (`--threads`, else `SEGATLAS_THREADS`,
/// else every core). Call it before any parallel work; later calls change nothing.
pub fn init_pool(threads: Option<usize>) {
    let n = threads.unwrap_or_else(threads_from_env).clamp(1, 256);
    // Fails only when the pool already exists, which is then the pool to use.
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .thread_name(|i| format!("segatlas-{i}"))
        .build_global();
}

/// The number of threads of the pool.
pub fn threads() -> usize {
    rayon::current_num_threads()
}

thread_local! {
    /// The control of the work this thread is doing (see [`under`]).
    static CURRENT: std::cell::RefCell<Option<Control>> = const { std::cell::RefCell::new(None) };
}

/// Run `f` with `control` as the control of every [`parallel`] loop inside it, on this thread
/// and on the pool's threads it reaches: engine calls that take no `Control` of their own stop
/// too when it is cancelled.
pub fn under<R>(control: &Control, f: impl FnOnce() -> R) -> R {
    let before = CURRENT.with(|c| c.replace(Some(control.clone())));
    let out = f();
    CURRENT.with(|c| *c.borrow_mut() = before);
    out
}

/// The control of the work on this thread, if any.
fn current() -> Option<Control> {
    CURRENT.with(|c| c.borrow().clone())
}

/// Whether the work on this thread is to stop: its control (see [`under`]) was cancelled, or
/// the process interrupted. For sequential engine loops that take no `Control` of their own.
pub fn stopping() -> bool {
    current().map_or_else(interrupted, |c| c.is_cancelled())
}

/// In a sequential loop (a reader's features or rows): every 256th item `i`, stop with
/// [`crate::Error::cancelled`] when the work on this thread is to stop, else count a unit done and
/// report `fraction()` as the progress. Cheap enough for every item of a loop.
pub fn step(i: usize, fraction: impl FnOnce() -> f32) -> crate::Result<()> {
    if i % 256 == 0 {
        if stopping() {
            return Err(crate::Error::cancelled());
        }
        tick();
        report_progress(fraction());
    }
    Ok(())
}

/// Count a unit of work done on this thread's control, if it runs under one.
pub fn tick() {
    if let Some(c) = current() {
        c.tick();
    }
}

/// Report the fraction done (0–1) of the work on this thread, if it runs under a control.
pub fn report_progress(fraction: f32) {
    if let Some(c) = current() {
        c.set_progress(fraction);
    }
}

/// Run `f(stream)` for streams `0..n` on the thread pool; results in stream order. Nested calls
/// share the pool (no over-subscription); a result depends only on its stream, never on the
/// number of threads. Once the work is cancelled (its [`Control`], see [`under`], or Ctrl-C)
/// the remaining streams are skipped and give `T::default()`: the caller's result is then to be
/// dropped, and the cores are free at once.
pub fn parallel<T: Send + Default>(n: usize, f: impl Fn(usize) -> T + Sync + Send) -> Vec<T> {
    use rayon::prelude::*;
    let control = current();
    // Chunks of streams, so that setting the control on a pool thread is paid per chunk, not
    // per stream; still many more chunks than threads, for the pool to balance.
    let chunk = (n / (threads() * 16)).max(1);
    let parts: Vec<Vec<T>> = (0..n.div_ceil(chunk))
        .into_par_iter()
        .map(|c| {
            let streams = c * chunk..((c + 1) * chunk).min(n);
            match &control {
                Some(ctl) => under(ctl, || {
                    streams
                        .map(|i| {
                            if ctl.is_cancelled() {
                                T::default()
                            } else {
                                ctl.tick();
                                f(i)
                            }
                        })
                        .collect()
                }),
                None => streams
                    .map(|i| if interrupted() { T::default() } else { f(i) })
                    .collect(),
            }
        })
        .collect();
    let mut out = Vec::with_capacity(n);
    for p in parts {
        out.extend(p);
    }
    out
}

/// [`parallel`] over consecutive parts of `data` of the given `lengths` (summing to at most its
/// length): `f(c, part)` writes part `c`, each part on one thread.
pub fn parallel_parts<T: Send, R: Send + Default>(
    data: &mut [T],
    lengths: &[usize],
    f: impl Fn(usize, &mut [T]) -> R + Sync + Send,
) -> Vec<R> {
    let mut parts = Vec::with_capacity(lengths.len());
    let mut rest = data;
    for &len in lengths {
        let (head, tail) = std::mem::take(&mut rest).split_at_mut(len);
        parts.push(std::sync::Mutex::new(head));
        rest = tail;
    }
    parallel(parts.len(), |c| {
        let mut part = parts[c].lock().unwrap_or_else(|e| e.into_inner());
        f(c, &mut part)
    })
}

/// [`parallel`] over the items of a slice.
pub fn parallel_over<I: Sync, T: Send + Default>(
    items: &[I],
    f: impl Fn(&I) -> T + Sync + Send,
) -> Vec<T> {
    parallel(items.len(), |i| f(&items[i]))
}

thread_local! {
    /// Set while [`guarded`] runs: a panic then is reported as an error, not printed.
    static GUARDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Keep the default panic report for every panic except those inside [`guarded`] (call once,
/// at start-up: the CLI, the app, the fuzz harness).
pub fn install_panic_hook() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !GUARDED.with(std::cell::Cell::get) {
            default(info);
        }
    }));
}

/// Run a third-party decoder that panics on some malformed inputs instead of returning an error
/// (polars' Parquet metadata reader): None when it panicked. Our own code never needs this.
pub fn guarded<T>(f: impl FnOnce() -> T) -> Option<T> {
    let before = GUARDED.with(|g| g.replace(true));
    let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(before));
    out.ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parallel_keeps_stream_order() {
        let v = parallel(1000, |i| i * 2);
        assert_eq!(v, (0..1000).map(|i| i * 2).collect::<Vec<_>>());
        let nested = parallel(8, |i| {
            parallel(8, move |j| i * 8 + j).into_iter().sum::<usize>()
        });
        assert_eq!(nested.iter().sum::<usize>(), (0..64usize).sum::<usize>());
    }

    #[test]
    fn a_cancelled_control_stops_the_loops_under_it() {
        let c = Control::new();
        let seen = AtomicU64::new(0);
        let out = under(&c, || {
            parallel(10_000, |i| {
                if seen.fetch_add(1, Ordering::Relaxed) == 10 {
                    c.cancel();
                }
                // Nested loops see the same control.
                parallel(4, |j| i + j).len()
            })
        });
        assert_eq!(out.len(), 10_000);
        // Once cancelled, no more work starts: a handful of streams already running, no more.
        assert!(seen.load(Ordering::Relaxed) < 10 + 4 * threads() as u64 + 8);
        assert!(out.iter().filter(|&&v| v == 0).count() > 9_000);
        // Outside `under`, loops run to the end.
        assert_eq!(parallel(100, |_| 1).iter().sum::<usize>(), 100);
    }
}
