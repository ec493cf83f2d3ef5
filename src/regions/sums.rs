//! Running sums of a region (count, sums of each variable, sum of squares, floor sum): the SSD
//! of a region, and of a region with an area added or taken away, in O(p).

use super::Problem;

#[derive(Debug, Clone, PartialEq)]
pub(super) struct Sums {
    pub n: usize,
    pub s: Vec<f64>,
    /// Sum of squares of every variable together.
    pub ss: f64,
    pub floor: f64,
}

impl Sums {
    pub fn empty(p: usize) -> Sums {
        Sums {
            n: 0,
            s: vec![0.0; p],
            ss: 0.0,
            floor: 0.0,
        }
    }

    pub fn add(&mut self, problem: &Problem, i: usize) {
        self.n += 1;
        for (s, v) in self.s.iter_mut().zip(problem.row(i)) {
            *s += v;
            self.ss += v * v;
        }
        self.floor += problem.floor_of(i);
    }

    pub fn remove(&mut self, problem: &Problem, i: usize) {
        self.n -= 1;
        for (s, v) in self.s.iter_mut().zip(problem.row(i)) {
            *s -= v;
            self.ss -= v * v;
        }
        self.floor -= problem.floor_of(i);
    }

    pub fn merge(&mut self, other: &Sums) {
        self.n += other.n;
        for (s, o) in self.s.iter_mut().zip(&other.s) {
            *s += o;
        }
        self.ss += other.ss;
        self.floor += other.floor;
    }

    /// These sums less `part` (a subset of the region).
    pub fn minus(&self, part: &Sums) -> Sums {
        Sums {
            n: self.n - part.n,
            s: self.s.iter().zip(&part.s).map(|(a, b)| a - b).collect(),
            ss: self.ss - part.ss,
            floor: self.floor - part.floor,
        }
    }

    /// Sum of squared deviations from the region's mean.
    pub fn ssd(&self) -> f64 {
        if self.n == 0 {
            return 0.0;
        }
        let sq: f64 = self.s.iter().map(|s| s * s).sum();
        (self.ss - sq / self.n as f64).max(0.0)
    }

    /// The SSD with area values `x` added.
    pub fn ssd_with(&self, x: &[f64]) -> f64 {
        let n = (self.n + 1) as f64;
        let mut sq = 0.0;
        let mut ss = self.ss;
        for (s, v) in self.s.iter().zip(x) {
            sq += (s + v) * (s + v);
            ss += v * v;
        }
        (ss - sq / n).max(0.0)
    }

    /// The SSD with area values `x` taken away.
    pub fn ssd_without(&self, x: &[f64]) -> f64 {
        if self.n <= 1 {
            return 0.0;
        }
        let n = (self.n - 1) as f64;
        let mut sq = 0.0;
        let mut ss = self.ss;
        for (s, v) in self.s.iter().zip(x) {
            sq += (s - v) * (s - v);
            ss -= v * v;
        }
        (ss - sq / n).max(0.0)
    }
}
