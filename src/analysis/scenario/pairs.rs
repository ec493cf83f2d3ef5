//! Before and after side by side: each index's value before and after a plan, paired by index,
//! scale and region, and the local indices' change per area.

use super::{IndexChange, LocalChange};
use crate::analysis::segregation::{IndexResult, IndexValue, Scale};

/// Pair every single-valued result before with the same one after.
pub(super) fn pair(before: &[IndexResult], after: &[IndexResult]) -> Vec<IndexChange> {
    let key = |r: &IndexResult| (r.index, r.region.clone(), r.component, scale_key(&r.scale));
    before
        .iter()
        .filter(|b| matches!(b.value, IndexValue::Number(_)))
        .map(|b| {
            let a = after.iter().find(|a| key(a) == key(b));
            let (vb, va) = (b.value.number(), a.and_then(|a| a.value.number()));
            let ci = b.interval.as_ref();
            IndexChange {
                index: b.index,
                region: b.region.clone(),
                before: vb,
                after: va,
                difference: vb.zip(va).map(|(b, a)| a - b),
                ci_low: ci.map(|c| c.ci_low),
                ci_high: ci.map(|c| c.ci_high),
                exceeds_noise: ci.zip(va).map(|(c, a)| a < c.ci_low || a > c.ci_high),
            }
        })
        .collect()
}

pub(super) fn scale_key(s: &Option<Scale>) -> String {
    format!("{s:?}")
}

/// The per-area results before and after, aligned on the after layer's rows.
pub(super) fn locals(
    before: &[IndexResult],
    after: &[IndexResult],
    n_after: usize,
) -> Vec<LocalChange> {
    let whole = |r: &&IndexResult| r.region.is_none();
    before
        .iter()
        .filter(whole)
        .filter_map(|b| {
            let IndexValue::PerArea(vb) = &b.value else {
                return None;
            };
            let va = after.iter().filter(whole).find(|a| a.index == b.index)?;
            let IndexValue::PerArea(va) = &va.value else {
                return None;
            };
            let mut vb = vb.clone();
            vb.resize(n_after, None);
            Some(LocalChange {
                index: b.index,
                before: vb,
                after: va.clone(),
            })
        })
        .collect()
}
