//! Where things go on a figure: the page layouts (slide, A4 portrait and landscape) and the corners
//! a legend, scale bar or north arrow can be placed in.

/// Page layouts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// 16:9 presentation slide.
    Slide,
    A4,
    A4Landscape,
    A3,
    A3Landscape,
}

impl Layout {
    pub fn from_name(name: &str) -> Option<Layout> {
        Some(match name {
            "slide" => Layout::Slide,
            "a4" => Layout::A4,
            "a4-landscape" => Layout::A4Landscape,
            "a3" => Layout::A3,
            "a3-landscape" => Layout::A3Landscape,
            _ => return None,
        })
    }

    /// The page size in pixels at 96 dpi.
    pub fn size(self) -> (f64, f64) {
        match self {
            Layout::Slide => (1600.0, 900.0),
            Layout::A4 => (794.0, 1123.0),
            Layout::A4Landscape => (1123.0, 794.0),
            Layout::A3 => (1123.0, 1587.0),
            Layout::A3Landscape => (1587.0, 1123.0),
        }
    }
}

/// Where the legend, the scale bar or the north arrow goes: the legend's own column right of the
/// map, or a corner of the map (on a white card, the map then takes the page's width).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Place {
    /// Each element's usual place: the legend right of the map, the scale bar lower left, the
    /// north arrow upper right.
    #[default]
    Auto,
    Right,
    TopLeft,
    TopRight,
    BottomLeft,
    BottomRight,
}

impl Place {
    pub const NAMES: [&'static str; 6] = [
        "auto",
        "right",
        "top-left",
        "top-right",
        "bottom-left",
        "bottom-right",
    ];

    /// Every place, in the order of [`Place::NAMES`].
    pub const ALL: [Place; 6] = [
        Place::Auto,
        Place::Right,
        Place::TopLeft,
        Place::TopRight,
        Place::BottomLeft,
        Place::BottomRight,
    ];

    /// The place's name (`top-left`), as `--legend-at` and projects take it.
    pub fn name(self) -> &'static str {
        let i = Place::ALL.iter().position(|p| *p == self).unwrap_or(0);
        Place::NAMES[i]
    }

    pub fn from_name(name: &str) -> Option<Place> {
        Some(match name {
            "auto" => Place::Auto,
            "right" => Place::Right,
            "top-left" => Place::TopLeft,
            "top-right" => Place::TopRight,
            "bottom-left" => Place::BottomLeft,
            "bottom-right" => Place::BottomRight,
            _ => return None,
        })
    }

    /// The corner, or `default` for `Auto` (and for `Right`, which only the legend has).
    pub(super) fn corner(self, default: Place) -> Place {
        match self {
            Place::Auto | Place::Right => default,
            p => p,
        }
    }

    /// Where a box of `bw` × `bh` sits in this corner of `frame` (x, y, w, h), `inset` from it.
    pub(super) fn origin(self, frame: [f64; 4], bw: f64, bh: f64, inset: f64) -> (f64, f64) {
        let left = frame[0] + inset;
        let right = frame[0] + frame[2] - bw - inset;
        let top = frame[1] + inset;
        let bottom = frame[1] + frame[3] - bh - inset;
        match self {
            Place::TopLeft => (left, top),
            Place::BottomLeft => (left, bottom),
            Place::BottomRight => (right, bottom),
            _ => (right, top),
        }
    }
}
