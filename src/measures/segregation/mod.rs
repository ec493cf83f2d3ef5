//! Segregation indices: one registry ([`REGISTRY`]) of every measure — its name as the CLI and
//! the oracles write it, what it needs, and a plain-language explanation in Swedish and
//! English — feeding the CLI, the app, the docs and the tests.
//!
//! Definitions and conventions follow PySAL's `segregation` package (see `../shared/REFERENCE.md`).

pub mod corrected;
pub mod elbers;
pub mod inference;
pub mod levels;
pub mod multi;
pub mod ordinal;
pub mod places;
pub mod proximity;
pub mod single;
pub mod spatial;

use crate::spatial::weights::Weights;
use multi::Groups;
use single::SingleGroup;

/// What a measure needs and how it is computed.
pub enum Compute {
    /// One group and a total.
    Single(fn(&SingleGroup) -> f64),
    /// One group, a total and the areas' sizes.
    SingleArea(fn(&SingleGroup) -> Option<f64>),
    /// One group, a total and contiguity weights (queen, binary).
    SingleContiguity(fn(&SingleGroup, &Weights) -> f64),
    /// One group, a total and shared-boundary-length weights.
    SingleBoundary(fn(&SingleGroup, &Weights) -> f64),
    /// One group, a total, shared-boundary-length weights and perimeter/area ratios.
    SingleShape(fn(&SingleGroup, &Weights, &[f64]) -> f64),
    /// One group, a total, the areas' centroids and sizes (in the working CRS's units:
    /// metres for projected data, the file's own units for planar data).
    SinglePlaces(fn(&SingleGroup, &[[f64; 2]], &[f64]) -> f64),
    /// One group, a total and PySAL's proximity matrix between the areas (metres for projected
    /// data).
    SingleProximity(fn(&SingleGroup, &proximity::Proximity) -> f64),
    /// One group and a total, by simulation: the seed gives the same value on any thread count.
    SingleSeeded(fn(&SingleGroup, u64) -> f64),
    /// Several groups (their sum is the total).
    Multi(fn(&Groups) -> f64),
    /// Ordered groups (lowest first): income classes, education levels.
    Ordered(fn(&Groups) -> f64),
    /// A value per area from several groups.
    Local(fn(&Groups) -> Vec<f64>),
    /// A value per area from one group, a total and the areas' centroids.
    LocalSingle(fn(&SingleGroup, &[[f64; 2]]) -> Vec<f64>),
}

/// One measure of the registry.
impl Compute {
    /// Whether the measure needs the areas' places (centroids, sizes, neighbours): areas
    /// without a geometry are then left out.
    pub fn needs_geometry(&self) -> bool {
        !matches!(
            self,
            Compute::Single(_)
                | Compute::SingleSeeded(_)
                | Compute::Multi(_)
                | Compute::Ordered(_)
                | Compute::Local(_)
        )
    }

    /// Whether the measure is a single-group index with one value (not per area): what the
    /// two-sample tests compare, and the "single-group indices" of the noise benchmark.
    pub fn is_single_valued(&self) -> bool {
        matches!(
            self,
            Compute::Single(_)
                | Compute::SingleSeeded(_)
                | Compute::SingleArea(_)
                | Compute::SingleContiguity(_)
                | Compute::SingleBoundary(_)
                | Compute::SingleShape(_)
                | Compute::SinglePlaces(_)
                | Compute::SingleProximity(_)
        )
    }
}

pub struct Measure {
    pub name: &'static str,
    pub compute: Compute,
    pub sv: &'static str,
    pub en: &'static str,
}

impl Measure {
    /// The measure's name for people in a language: its explanation up to the colon
    /// ("Olikhetsindex", "Entropi (Theils H)").
    pub fn title(&self, lang: crate::i18n::Lang) -> &'static str {
        let text = match lang {
            crate::i18n::Lang::Sv => self.sv,
            crate::i18n::Lang::En => self.en,
        };
        text.split_once(": ").map_or(self.name, |(t, _)| t)
    }

    /// The explanation in a language.
    pub fn explanation(&self, lang: crate::i18n::Lang) -> &'static str {
        match lang {
            crate::i18n::Lang::Sv => self.sv,
            crate::i18n::Lang::En => self.en,
        }
    }
}

macro_rules! m {
    ($name:expr, $compute:expr, $sv:expr, $en:expr) => {
        Measure {
            name: $name,
            compute: $compute,
            sv: $sv,
            en: $en,
        }
    };
}

/// Every segregation measure segatlas computes.
pub const REGISTRY: &[Measure] = &[
    m!("dissim", Compute::Single(single::dissim),
       "Olikhetsindex: andelen av gruppen som skulle behöva flytta för en jämn fördelning.",
       "Dissimilarity: the share of the group that would have to move for an even distribution."),
    m!("gini", Compute::Single(single::gini),
       "Gini: genomsnittlig skillnad i gruppens andel mellan alla par av områden.",
       "Gini: the mean difference in the group's share between all pairs of areas."),
    m!("entropy", Compute::Single(single::entropy),
       "Entropi (Theils H): hur mycket mindre blandade områdena är än hela regionen.",
       "Entropy (Theil's H): how much less mixed the areas are than the whole region."),
    m!("atkinson", Compute::Single(single::atkinson),
       "Atkinson (b = 0,5): ojämnhet som väger områden där gruppen är liten och stor lika.",
       "Atkinson (b = 0.5): unevenness weighing areas where the group is small and large alike."),
    m!("isolation", Compute::Single(single::isolation),
       "Isolering: andelen gruppmedlemmar i en genomsnittlig gruppmedlems område.",
       "Isolation: the group's share in the area of an average group member."),
    m!("interaction", Compute::Single(single::interaction),
       "Interaktion: andelen av övriga i en genomsnittlig gruppmedlems område.",
       "Interaction: the share of others in the area of an average group member."),
    m!("correlation-r", Compute::Single(single::correlation_r),
       "Korrelationskvot: isolering rensad från gruppens storlek.",
       "Correlation ratio: isolation adjusted for the group's size."),
    m!("con-prof", Compute::Single(single::con_prof),
       "Koncentrationsprofil (Hong och Sadahiro): hur gruppen samlas över alla tröskelandelar.",
       "Concentration profile (Hong and Sadahiro): how the group gathers across all threshold shares."),
    m!("delta", Compute::SingleArea(single::delta),
       "Delta: andelen av gruppen som skulle behöva flytta för samma täthet överallt.",
       "Delta: the share of the group that would have to move for the same density everywhere."),
    m!("spatial-dissim", Compute::SingleContiguity(spatial::spatial_dissim),
       "Rumslig olikhet (Morrill): olikhetsindex minus skillnaderna mellan grannområden.",
       "Spatial dissimilarity (Morrill): dissimilarity minus the differences between neighbouring areas."),
    m!("boundary-spatial-dissim", Compute::SingleBoundary(spatial::boundary_spatial_dissim),
       "Gränsviktad olikhet (Wong): som Morrill, grannar vägda med gemensam gränslängd.",
       "Boundary-weighted dissimilarity (Wong): as Morrill's, neighbours weighted by shared boundary."),
    m!("absolute-centralization", Compute::SinglePlaces(spatial::absolute_centralization),
       "Absolut centralisering: hur nära centrum gruppen bor jämfört med hur marken fördelar sig.",
       "Absolute centralisation: how close to the centre the group lives, against how land is spread."),
    m!("relative-centralization", Compute::SinglePlaces(spatial::relative_centralization),
       "Relativ centralisering: hur nära centrum gruppen bor jämfört med övriga.",
       "Relative centralisation: how close to the centre the group lives, against the others."),
    m!("absolute-concentration", Compute::SinglePlaces(spatial::absolute_concentration),
       "Absolut koncentration: hur lite mark gruppen bor på, mellan minsta och största möjliga.",
       "Absolute concentration: how little land the group lives on, between the least and most possible."),
    m!("relative-concentration", Compute::SinglePlaces(spatial::relative_concentration),
       "Relativ koncentration: gruppens bostadsyta jämfört med övrigas.",
       "Relative concentration: the land the group lives on, against the others'."),
    m!("spatial-proximity", Compute::SingleProximity(proximity::spatial_proximity),
       "Rumslig närhet (White): hur mycket närmare gruppmedlemmar bor varandra än alla andra gör.",
       "Spatial proximity (White): how much closer group members live to each other than everyone does."),
    m!("par-dissim", Compute::SingleShape(spatial::par_dissim),
       "Form- och gränsviktad olikhet (Wong): som Wongs index, vägt med områdenas omkrets mot yta.",
       "Perimeter/area dissimilarity (Wong): as Wong's index, weighted by the areas' perimeter over area."),
    m!("density-corrected-dissim", Compute::Single(corrected::density_corrected_dissim),
       "Täthetskorrigerat olikhetsindex (Allen m.fl.): olikhetsindex rensat från slumpmässig ojämnhet i små områden.",
       "Density-corrected dissimilarity (Allen et al.): dissimilarity cleaned of the chance unevenness of small areas."),
    m!("min-max", Compute::Single(corrected::min_max),
       "Min-max (O'Sullivan och Wong): hur lite gruppens och övrigas fördelningar överlappar.",
       "Min-max (O'Sullivan and Wong): how little the group's and the others' distributions overlap."),
    m!("modified-dissim", Compute::SingleSeeded(corrected::modified_dissim),
       "Modifierat olikhetsindex (Carrington och Troske): olikhet utöver vad slumpen ger vid jämn fördelning.",
       "Modified dissimilarity (Carrington and Troske): dissimilarity beyond what chance gives under evenness."),
    m!("modified-gini", Compute::SingleSeeded(corrected::modified_gini),
       "Modifierad Gini (Carrington och Troske): Gini utöver vad slumpen ger vid jämn fördelning.",
       "Modified Gini (Carrington and Troske): Gini beyond what chance gives under evenness."),
    m!("bias-corrected-dissim", Compute::SingleSeeded(corrected::bias_corrected_dissim),
       "Biaskorrigerat olikhetsindex (Allen m.fl.): olikhetsindex med slumpens uppåtdrift borträknad.",
       "Bias-corrected dissimilarity (Allen et al.): dissimilarity with chance's upward bias removed."),
    m!("absolute-clustering", Compute::SingleProximity(proximity::absolute_clustering),
       "Absolut klustring: hur mycket gruppens områden ligger intill varandra, på avstånd.",
       "Absolute clustering: how much the group's areas lie next to each other, by distance."),
    m!("relative-clustering", Compute::SingleProximity(proximity::relative_clustering),
       "Relativ klustring: gruppens närhet till varandra jämfört med övrigas (0 = lika).",
       "Relative clustering: the group's proximity to each other against the others' (0 = equal)."),
    m!("distance-decay-isolation", Compute::SingleProximity(proximity::distance_decay_isolation),
       "Avståndsviktad isolering: chansen att nästa person en gruppmedlem möter, var som helst, hör till gruppen.",
       "Distance-decay isolation: the chance that the next person a group member meets anywhere is from the group."),
    m!("distance-decay-interaction", Compute::SingleProximity(proximity::distance_decay_interaction),
       "Avståndsviktad interaktion: chansen att nästa person en gruppmedlem möter är någon annan.",
       "Distance-decay interaction: the chance that the next person a group member meets is someone else."),
    m!("spatial-prox-prof", Compute::SingleContiguity(spatial::spatial_prox_prof),
       "Rumslig närhetsprofil (Hong och Sadahiro): hur nära varandra (i grannsteg) områden med hög andel ligger.",
       "Spatial proximity profile (Hong and Sadahiro): how close (in neighbour steps) areas with high shares lie."),
    m!("multi-dissim", Compute::Multi(multi::multi_dissim),
       "Olikhetsindex för flera grupper.",
       "Multigroup dissimilarity."),
    m!("multi-gini", Compute::Multi(multi::multi_gini),
       "Gini för flera grupper.",
       "Multigroup Gini."),
    m!("multi-norm-exposure", Compute::Multi(multi::multi_norm_exposure),
       "Normaliserad exponering: hur mycket grupperna möter sig själva mer än väntat.",
       "Normalised exposure: how much more than expected the groups meet themselves."),
    m!("multi-info-theory", Compute::Multi(multi::multi_info_theory),
       "Informationsteoretiskt index (Theils H) för flera grupper.",
       "Multigroup information theory index (Theil's H)."),
    m!("multi-relative-diversity", Compute::Multi(multi::multi_relative_diversity),
       "Relativ mångfald: hur mycket mindre blandade områdena är än regionen.",
       "Relative diversity: how much less mixed the areas are than the region."),
    m!("multi-squared-coef-var", Compute::Multi(multi::multi_squared_coef_var),
       "Kvadrerad variationskoefficient för gruppandelarna.",
       "Squared coefficient of variation of the group shares."),
    m!("multi-diversity", Compute::Multi(multi::multi_diversity),
       "Mångfald (entropi) i hela regionen.",
       "Diversity (entropy) of the whole region."),
    m!("simpsons-concentration", Compute::Multi(multi::simpsons_concentration),
       "Simpsons koncentration: sannolikheten att två slumpvis valda tillhör samma grupp.",
       "Simpson's concentration: the probability that two people drawn at random share a group."),
    m!("simpsons-interaction", Compute::Multi(multi::simpsons_interaction),
       "Simpsons interaktion: sannolikheten att två slumpvis valda tillhör olika grupper.",
       "Simpson's interaction: the probability that two people drawn at random differ in group."),
    m!("multi-divergence", Compute::Multi(multi::multi_divergence),
       "Divergens (Theils M): kan delas exakt i skillnader mellan och inom regioner.",
       "Divergence (Theil's M): splits exactly into between-region and within-region parts."),
    m!("ordinal-information", Compute::Ordered(ordinal::ordinal_information),
       "Ordinalt informationsindex (Reardon): hur olika områdenas fördelning över ordnade klasser (t.ex. utbildningsnivåer) är.",
       "Ordinal information theory index (Reardon): how differently the areas spread over ordered classes (e.g. education levels)."),
    m!("rank-order-information", Compute::Ordered(ordinal::rank_order_information),
       "Rangordnat informationsindex H^R (Reardon): inkomstsegregation över alla inkomstnivåer, oberoende av klassgränserna.",
       "Rank-order information theory index H^R (Reardon): income segregation across all income levels, independent of the class limits."),
    m!("local-relative-centralization", Compute::LocalSingle(spatial::local_relative_centralization),
       "Lokal relativ centralisering: om gruppen bor närmare området än övriga, bland dess fem närmaste grannar.",
       "Local relative centralization: whether the group lives closer to the area than the others, among its five nearest neighbours."),
    m!("local-diversity", Compute::Local(multi::local::diversity),
       "Lokal mångfald i varje område.",
       "Local diversity in each area."),
    m!("local-entropy", Compute::Local(multi::local::entropy),
       "Lokal entropi (mångfald delat med ln K).",
       "Local entropy (diversity divided by ln K)."),
    m!("local-simpson-concentration", Compute::Local(multi::local::simpson_concentration),
       "Lokal Simpson-koncentration.",
       "Local Simpson concentration."),
    m!("local-simpson-interaction", Compute::Local(multi::local::simpson_interaction),
       "Lokal Simpson-interaktion.",
       "Local Simpson interaction."),
];

/// A measure by name.
pub fn measure(name: &str) -> Option<&'static Measure> {
    REGISTRY.iter().find(|m| m.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_explained() {
        for (i, m) in REGISTRY.iter().enumerate() {
            assert!(
                REGISTRY[i + 1..].iter().all(|o| o.name != m.name),
                "{}",
                m.name
            );
            assert!(!m.sv.is_empty() && !m.en.is_empty());
        }
        assert!(measure("dissim").is_some());
    }

    #[test]
    fn complete_segregation_by_hand() {
        // Two areas, the group all in one: D = 1, isolation = 1, interaction = 0.
        let (x, t) = ([10.0, 0.0], [10.0, 10.0]);
        let g = SingleGroup {
            x: &x,
            t: &t,
            area: None,
        };
        assert!((single::dissim(&g) - 1.0).abs() < 1e-12);
        assert!((single::gini(&g) - 1.0).abs() < 1e-12);
        assert!((single::isolation(&g) - 1.0).abs() < 1e-12);
        assert_eq!(single::interaction(&g), 0.0);
        assert!((single::entropy(&g) - 1.0).abs() < 1e-12);
        // Even mix: D = 0.
        let (x, t) = ([5.0, 5.0], [10.0, 10.0]);
        assert_eq!(
            single::dissim(&SingleGroup {
                x: &x,
                t: &t,
                area: None
            }),
            0.0
        );
    }
}
