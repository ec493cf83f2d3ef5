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

    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
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
