//! Measures computed on areas and their neighbours. Each takes plain inputs (values, a
//! [`crate::spatial::weights::Weights`]) and returns plain results; none knows about the UI.

pub mod autocorrelation;
pub mod segregation;
pub mod trend;
pub mod uncertainty;
