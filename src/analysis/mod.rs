//! Compare and follow up: areas side by side against their municipality, county and the whole
//! layer; SCB/Boverket's socioeconomic area types; threshold rules that select areas; variables
//! followed over years; and transects (the areas a line crosses, in order). Engine only: the
//! CLI and the app both call these.

pub mod areatypes;
pub mod compare;
pub mod difference;
pub mod dissolved;
pub mod explore;
pub mod interpolate;
pub mod levels;
pub mod names;
pub mod noisy;
pub mod regions;
pub mod report;
pub mod rules;
pub mod scenario;
pub mod segregation;
pub mod transect;
pub mod transitions;
pub mod years;
