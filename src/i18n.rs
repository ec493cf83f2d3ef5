//! The app's two languages, Swedish and English: every label in one table, and numbers in each
//! language's format (`1 234,5` in Swedish, `1,234.5` in English).

use serde::{Deserialize, Serialize};

/// The interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Lang {
    #[default]
    Sv,
    En,
}

/// Every text of the interface: (key, Swedish, English).
const TEXTS: &[(&str, &str, &str)] = &[
    ("file", "Arkiv", "File"),
    ("open", "Öppna…", "Open…"),
    (
        "open_default",
        "Öppna standardkartan",
        "Open the default map",
    ),
    ("join", "Koppla statistik…", "Join statistics…"),
    ("recent", "Senaste filer", "Recent files"),
    ("quit", "Avsluta", "Quit"),
    ("view", "Visa", "View"),
    ("zoom_layer", "Zooma till lagret", "Zoom to layer"),
    ("zoom_selection", "Zooma till urvalet", "Zoom to selection"),
    ("clear_selection", "Rensa urvalet", "Clear selection"),
    ("language", "Språk", "Language"),
    ("layers", "Lager", "Layers"),
    ("active_layer", "Aktivt lager", "Active layer"),
    ("overlay", "Konturlager", "Outline overlay"),
    ("none", "inget", "none"),
    ("variable", "Variabel", "Variable"),
    ("expression", "Uttryck", "Expression"),
    ("weight", "Vikt", "Weight"),
    ("add_group", "Lägg till grupp", "Add a group"),
    ("add_to_rule", "Lägg till villkor på kolumn", "Add a condition on a column"),
    ("open_planar", "Öppna som plana koordinater …", "Open as plain x/y coordinates …"),
    ("expression_hint", "eller ett uttryck: a/b*100", "or an expression: a/b*100"),
    ("choose_column", "Välj kolumn …", "Choose a column …"),
    ("search_columns", "Sök kolumn", "Search columns"),
    ("excluded_areas", "områden utelämnade (saknar värde)", "areas left out (missing a value)"),
    ("islands_after", "utan grannar bland de övriga", "without neighbours among the rest"),
    ("apply", "Använd", "Apply"),
    ("scheme", "Klassindelning", "Classification"),
    ("classes", "Klasser", "Classes"),
    ("hinge", "Gångjärn (IQR)", "Hinge (IQR)"),
    ("bounds", "Klassgränser", "Class bounds"),
    ("palette", "Färgskala", "Palette"),
    ("reverse", "Omvänd", "Reversed"),
    ("categorical", "Kategorier", "Categories"),
    ("labels", "Etiketter", "Labels"),
    ("legend", "Teckenförklaring", "Legend"),
    ("missing", "saknas", "missing"),
    ("analysis", "Analys", "Analysis"),
    ("compare", "Jämför områden", "Compare areas"),
    ("area_types", "Socioekonomiska områdestyper", "Socioeconomic area types"),
    ("transect", "Transekt", "Transect"),
    ("areas_word", "områden", "areas"),
    ("all_areas", "Alla områden", "All areas"),
    (
        "not_aggregable",
        "kan inte summeras (median, medelvärde eller andel): visas per område",
        "not aggregable (median, mean or share): shown per area only",
    ),
    ("selected_areas", "Valda områden", "Selected areas"),
    ("compare_units", "Enheter", "Units"),
    ("each_area", "varje valt område", "each selected area"),
    ("variables", "Variabler", "Variables"),
    ("remove", "Ta bort", "Remove"),
    ("add", "Lägg till", "Add"),
    ("add_map_variable", "Kartans variabel", "The map's variable"),
    ("references", "Jämför med", "Compare with"),
    ("run_compare", "Jämför nu", "Run the comparison"),
    ("export_chart", "Exportera diagram…", "Export chart…"),
    ("export_table", "Exportera tabell…", "Export table…"),
    ("rank", "rang", "rank"),
    ("percentile", "percentil", "percentile"),
    (
        "area_types_help",
        "SEI = medel av tre andelar (V1 låg ekonomisk standard, V2 högst förgymnasial utbildning, V3 arbetslöshet/ekonomiskt bistånd). Typ 1–5 efter μ ± σ.",
        "SEI = mean of three shares (V1 low economic standard, V2 at most pre-secondary education, V3 unemployment/social assistance). Types 1–5 by μ ± σ.",
    ),
    ("component_v1", "V1", "V1"),
    ("component_v2", "V2", "V2"),
    ("component_v3", "V3", "V3"),
    ("weighted_by", "Vägt med", "Weighted by"),
    ("weighted", "vägt", "weighted"),
    ("published_types", "Publicerad typ", "Published type"),
    ("compute_types", "Beräkna områdestyper", "Compute area types"),
    ("agreement", "Överensstämmelse med publicerad typ", "Agreement with published type"),
    ("computed_vs_published", "beräknad \\ publicerad", "computed \\ published"),
    ("threshold_rule", "Urval med tröskelregel", "Select by threshold rule"),
    ("rule", "Regel", "Rule"),
    (
        "rule_help",
        "t.ex. sei_beraknad >= mean + 1 sd och folkmangd_2022 > 500",
        "e.g. sei_beraknad >= mean + 1 sd and folkmangd_2022 > 500",
    ),
    ("select_by_rule", "Välj områden", "Select areas"),
    ("export_selection", "Exportera urvalet…", "Export selection…"),
    ("missing_values", "saknar värde", "missing a value"),
    ("threshold", "tröskel", "threshold"),
    ("along_the_line", "längs linjen", "along the line"),
    ("distance_km", "avstånd längs linjen, km", "distance along the line, km"),
    ("draw_on_map", "Rita på kartan", "Draw on the map"),
    ("clear", "Rensa", "Clear"),
    ("zoom_line", "Zooma till linjen", "Zoom to the line"),
    ("points", "punkter", "points"),
    ("coordinates_wgs84", "Koordinater (lon lat)", "Coordinates (lon lat)"),
    (
        "transect_help",
        "Klicka på kartan för att rita en linje, eller skriv koordinater.",
        "Click on the map to draw a line, or type coordinates.",
    ),
    ("from_km", "från km", "from km"),
    ("to_km", "till km", "to km"),
    ("area", "område", "area"),
    ("year", "År", "Year"),
    ("play_years", "Spela upp åren", "Play through the years"),
    ("show_change", "Visa", "Show"),
    ("values", "värden", "values"),
    ("difference", "förändring", "change"),
    ("one_change", "ändring", "change"),
    ("percent-change", "förändring %", "change %"),
    ("since_year", "sedan år", "since year"),
    ("over_years", "Över åren", "Over the years"),
    ("saved", "Sparad", "Saved"),
    ("segregation", "Segregationsindex", "Segregation indices"),
    ("one_group", "En grupp och totalen", "One group and the total"),
    ("several_groups", "Flera grupper", "Several groups"),
    ("groups", "Grupper", "Groups"),
    ("ordered_groups", "Ordnade klasser (lägst först)", "Ordered classes (lowest first)"),
    ("group", "Grupp", "Group"),
    ("total", "Totalt", "Total"),
    ("indices", "Index", "Indices"),
    ("scale", "Skala", "Scale"),
    ("aspatial", "icke-rumslig", "aspatial"),
    ("distances_m", "avstånd (m)", "distances (m)"),
    ("k_persons", "k personer", "k persons"),
    ("scales", "Skalor", "Scales"),
    ("weights_spec", "Vikter", "Weights"),
    ("scale_weights", "grannar (vikter)", "neighbours (weights)"),
    ("per_region", "Per region", "Per region"),
    ("test_null", "Test mot nollhypotes", "Test against a null"),
    ("compute_indices", "Beräkna index", "Compute indices"),
    ("index", "index", "index"),
    ("region", "region", "region"),
    ("show_on_map", "Visa på kartan", "Show on the map"),
    ("map_per_region", "Karta per region:", "Map per region:"),
    ("profile", "Segregationsprofil", "Segregation profile"),
    ("index_value", "indexvärde", "index value"),
    ("save_project", "Spara projekt…", "Save project…"),
    ("export_figure", "Exportera kartfigur (SVG/PNG/PDF)…", "Export map figure (SVG/PNG/PDF)…"),
    ("figure_source", "Källa", "Source"),
    ("figure", "Figur", "Figure"),
    ("figure_layout", "Format", "Layout"),
    ("figure_size", "Storlek (px)", "Size (px)"),
    ("layout_slide", "presentation 16:9", "slide 16:9"),
    ("layout_a4", "A4 stående", "A4 portrait"),
    ("layout_a4-landscape", "A4 liggande", "A4 landscape"),
    ("layout_a3", "A3 stående", "A3 portrait"),
    ("layout_a3-landscape", "A3 liggande", "A3 landscape"),
    ("figure_view_only", "Bara det som syns på kartan", "Only what the map shows"),
    ("figure_title", "Rubrik", "Title"),
    ("figure_subtitle", "Underrubrik", "Subtitle"),

    ("search", "Sök", "Search"),
    ("search_hint", "Namn eller kod", "Name or code"),
    ("table", "Attributtabell", "Attribute table"),
    ("filter", "Filtrera", "Filter"),
    ("only_selected", "Bara urvalet", "Selected only"),
    ("inspector", "Granskare", "Inspector"),
    ("map_and_style", "Lager och stil", "Layers and style"),
    ("reset_layout", "Återställ fönsterlayouten", "Reset the window layout"),
    (
        "nothing_hovered",
        "Peka på eller välj ett område.",
        "Hover or select an area.",
    ),
    ("selected", "valda", "selected"),
    ("areas", "områden", "areas"),
    ("loading", "Läser in", "Loading"),
    ("cancel", "Avbryt", "Cancel"),
    ("close", "Stäng", "Close"),
    ("error", "Fel", "Error"),
    ("key", "Nyckel", "Key"),
    ("table_file", "Tabellfil", "Table file"),
    ("choose", "Välj…", "Choose…"),
    ("run_join", "Koppla", "Join"),
    ("join_report", "Kopplingsrapport", "Join report"),
    ("matched", "matchade områden", "areas matched"),
    (
        "unmatched_areas",
        "områden utan statistik",
        "areas without statistics",
    ),
    (
        "unmatched_rows",
        "rader utan område",
        "rows without an area",
    ),
    ("duplicate_keys", "dubblerade nycklar", "duplicate keys"),
    ("value", "Värde", "Value"),
    ("class", "Klass", "Class"),
    (
        "drop_hint",
        "Släpp filer här för att öppna dem",
        "Drop files here to open them",
    ),
    ("source", "Källa", "Source"),
    ("map", "Karta", "Map"),
    ("weights", "Grannar (vikter)", "Neighbours (weights)"),
    ("tab_weights", "Vikter", "Weights"),
    ("tab_autocorr", "Autokorrelation", "Autocorrelation"),
    (
        "autocorr",
        "Rumslig autokorrelation",
        "Spatial autocorrelation",
    ),
    ("permutations", "Permutationer", "Permutations"),
    ("significance", "Signifikansnivå", "Significance level"),
    ("correction", "Korrigering", "Correction"),
    ("autocorr_map", "Kartvisning", "Map shows"),
    ("choropleth", "Koropletkarta", "Choropleth"),
    ("lisa_clusters", "LISA-kluster", "LISA clusters"),
    ("lisa_significance", "LISA-signifikans", "LISA significance"),
    ("lisa_stability", "Klassernas stabilitet", "Stability of the classes"),
    ("unstable_class", "Osäker klass", "Unsure class"),
    ("draws", "dragningar", "draws"),
    ("stability_means", "andel dragningar där området behåller sin klass", "share of draws in which the area keeps its class"),
    ("unsure_means", "osäker klass: behålls i < 90 % av dragningarna", "unsure class: kept in < 90 % of the draws"),
    ("stable_areas", "områden behåller sin klass i minst 90 % av dragningarna", "areas keep their class in at least 90 % of the draws"),
    (
        "hot_spots",
        "Gi* heta och kalla fläckar",
        "Gi* hot and cold spots",
    ),
    ("moran_scatter", "Morandiagram", "Moran scatterplot"),
    ("compute_autocorr", "Beräkna", "Compute"),
    ("hh", "Hög–hög", "High-high"),
    ("ll", "Låg–låg", "Low-low"),
    ("lh", "Låg–hög", "Low-high"),
    ("hl", "Hög–låg", "High-low"),
    ("not_significant", "Ej signifikant", "Not significant"),
    ("no_neighbours", "Saknar grannar", "No neighbours"),
    ("hot99", "Het fläck (99 %)", "Hot spot (99%)"),
    ("hot95", "Het fläck (95 %)", "Hot spot (95%)"),
    ("cold95", "Kall fläck (95 %)", "Cold spot (95%)"),
    ("cold99", "Kall fläck (99 %)", "Cold spot (99%)"),
    ("weights_kind", "Grannskap", "Neighbourhood"),
    ("distance_m", "Avstånd (m)", "Distance (m)"),
    ("tolerance_m", "Tolerans (m)", "Tolerance (m)"),
    ("kernel", "Kärna", "Kernel"),
    ("adaptive", "Anpassad bandbredd", "Adaptive bandwidth"),
    ("create", "Skapa", "Create"),
    ("load", "Läs in…", "Load…"),
    ("save", "Spara…", "Save…"),
    (
        "mean_neighbours",
        "grannar i snitt",
        "neighbours on average",
    ),
    ("islands", "Öar", "Islands"),
    ("components", "Sammanhängande delar", "Connected parts"),
    (
        "show_neighbours",
        "Visa valda områdens grannar",
        "Show the selected areas' neighbours",
    ),
    ("municipalities", "Kommuner", "Municipalities"),
    ("counties", "Län", "Counties"),
    ("tab_regions", "Regionindelning", "Regionalisation"),
    (
        "regions_colours",
        "regioner (färgerna skiljer grannregioner åt)",
        "regions (the colours tell neighbouring regions apart)",
    ),
    ("select_region", "Markera regionens områden", "Select the region's areas"),
    ("region_method", "Metod", "Method"),
    ("region_vars", "Variabler (regionerna ska vara lika inuti)", "Variables (regions alike inside)"),
    ("add_variable", "Lägg till variabel", "Add a variable"),
    ("standardise", "Standardisera (z-värden)", "Standardise (z-scores)"),
    ("region_count", "Antal regioner (k)", "Number of regions (k)"),
    ("use_floor", "Golv: minsta summa per region", "Floor: least sum per region"),
    ("floor_variable", "Summera", "Sum of"),
    ("floor_min", "minst", "at least"),
    ("min_areas", "Minst antal områden per region", "Least areas per region"),
    ("seed", "Slumpfrö", "Random seed"),
    ("run_regions", "Dela in", "Divide"),
    ("regions_found", "regioner", "regions"),
    ("ssd", "Inomregional kvadratsumma (SSD)", "Within-region sum of squares (SSD)"),
    ("region_heading", "Region", "Region"),
    ("areas_heading", "Områden", "Areas"),
    ("floor_sum", "Golvsumma", "Floor sum"),
    ("export_areas", "Exportera områden med region", "Export areas with their region"),
    ("export_regions", "Exportera regioner (sammanslagna)", "Export regions (dissolved)"),
    ("weights_used", "Grannar", "Neighbours"),
    (
        "regions_help",
        "Sammanhängande regioner av grannområden, så lika som möjligt i variablerna. Regionen blir ett fält (region_metod) som andra analyser kan dela upp efter.",
        "Contiguous regions of neighbouring areas, as alike as possible in the variables. The region becomes a field (region_method) that other analyses can split by.",
    ),
    ("tab_scenario", "Scenario", "Scenario"),
    (
        "scenario_help",
        "Rita en plan på kartan: klicka ut polygonens hörn, tryck Klar, och säg hur många personer den tillför (negativt: tar bort) och gruppens andel bland dem. Samla ändringar i planer och jämför dem före och efter.",
        "Draw a plan on the map: click the polygon's corners, press Done, and say how many persons it adds (negative: removes) and the group's share among them. Collect changes into plans and compare them before and after.",
    ),
    ("after_minus_before", "efter − före", "after − before"),
    ("as_new_area", "Som nytt område", "As a new area"),
    (
        "as_new_area_help",
        "Varje ändring blir ett eget område, utskuret ur dem det täcker och granne till dem längs snittet. Annars fördelas personerna på de täckta områdena efter överlappande yta.",
        "Each change becomes an area of its own, cut out of those it covers and their neighbour along the cut. Otherwise the persons go into the covered areas by overlapping area.",
    ),
    ("before", "Före", "Before"),
    ("compute", "Beräkna", "Compute"),
    ("corners", "hörn", "corners"),
    ("done", "Klar", "Done"),
    ("draw_polygon", "Rita polygon på kartan", "Draw a polygon on the map"),
    ("draw_polygon_help", "Klicka på kartan för varje hörn; tryck Klar när polygonen är ritad.", "Click the map at each corner; press Done when the polygon is drawn."),
    ("group_share", "Gruppens andel", "Group share"),
    ("group_share_change", "Förändring av gruppens andel", "Change in the group's share"),
    ("group_share_pct", "Gruppens andel", "Group share"),
    ("map_shows", "Kartan visar", "The map shows"),
    ("new_plan", "Ny plan", "New plan"),
    ("next_change", "Nästa ändring:", "Next change:"),
    ("no_type_changes", "inga områdestyper ändras", "no area type changes"),
    ("percentage_points", "procentenheter", "percentage points"),
    ("persons", "Personer", "Persons"),
    ("plan", "Plan", "Plan"),
    ("polygon_invalid", "Polygonen går inte att använda", "The polygon cannot be used"),
    ("polygon_needs_three", "En polygon behöver minst tre hörn.", "A polygon needs at least three corners."),
    ("receiving_areas", "områden som får personer", "areas receiving persons"),
    ("scenario_needs_change", "Rita minst en ändring först.", "Draw at least one change first."),
    ("scenario_needs_group", "Ange grupp och totalt.", "Give a group and a total."),
    ("select_area", "Markera området", "Select the area"),
    ("show_type_changes", "Visa områdestyper som ändras", "Show area types that change"),
    ("unchanged", "oförändrad", "unchanged"),
    ("whole_layer", "hela lagret", "whole layer"),
    ("all_regions", "Visa alla regioner", "Show every region"),
    ("new_areas_on_map", "Nya områden visas som sina konturer på kartan; deras personer och andel står ovan (ny 1, …). Områdena de skärs ur behåller sina invånare.", "New areas show as their outlines on the map; their persons and share are above (ny 1, …). The areas they are cut from keep their residents."),
    ("tab_followup", "Följa upp", "Follow up"),
    ("tab_difference", "Förändrades det?", "Did it change?"),
    (
        "difference_help",
        "Är indexet olika två år? Gruppen och totalen flyttas till vart och ett av åren; ett tvåstickprovstest säger om skillnaden är större än slumpen, och Shapleys uppdelning hur mycket som är geografi (var grupperna bor) och hur mycket sammansättning.",
        "Is the index different between two years? The group and the total are moved to each year; a two-sample test says whether the difference is larger than chance, and Shapley's split how much is geography (where the groups live) and how much composition.",
    ),
    ("difference_needs_years", "Gruppen och totalen behöver kolumner för båda åren.", "The group and the total need columns for both years."),
    ("difference_total", "Förändring", "Change"),
    ("spatial_part", "Rumslig del", "Spatial part"),
    ("attribute_part", "Sammansättningsdel", "Attribute part"),
    ("change_decomposed", "Förändringen uppdelad (Shapley)", "The change split (Shapley)"),
    ("first_year", "Första år", "First year"),
    ("second_year", "Andra år", "Second year"),
    ("composition_help", "Varje område får slumpvis sin egen eller det andra årets sammansättning (vid samma percentil); fungerar för rumsliga index.", "Each area takes at random its own or the other year's composition (at the same percentile); works for spatial indices."),
    ("random_label_help", "Områdena från båda åren blandas och fördelas slumpvis på de två åren; bara för icke-rumsliga index.", "The areas of both years are pooled and dealt at random to the two years; for aspatial indices only."),
    ("simulations", "simuleringar", "simulations"),
    ("changed_significantly", "Skillnaden är större än slumpen ger (p < 0,05).", "The difference is larger than chance gives (p < 0.05)."),
    ("not_changed_significantly", "Skillnaden går inte att skilja från slumpen (p ≥ 0,05).", "The difference cannot be told from chance (p ≥ 0.05)."),
    ("index_years", "För åren (t.ex. 2020, 2023)", "For the years (e.g. 2020, 2023)"),
    ("index_per_year", "Index per år", "Index per year"),
    ("uncertainty", "Osäkerhet från små tal", "Uncertainty from small counts"),
    ("uncertainty_help", "Talen dras om 999 gånger efter en brusmodell och allt räknas om: intervallet visar hur mycket resultatet ändras om några personer fler eller färre hade räknats.", "The counts are redrawn 999 times by a noise model and everything is computed again: the interval shows how much the result changes with a few persons more or fewer."),
    ("keep_move", "områden rör sig som observerat (upp, ned, kvar) i minst 90 % av dragningarna", "areas move as observed (up, down, stay) in at least 90 % of the draws"),
    ("show_type_stability", "Visa typernas stabilitet på kartan (andel dragningar, %)", "Show the types' stability on the map (share of draws, %)"),
    ("type_stability_title", "Andel dragningar som behåller typen (%)", "Share of draws keeping the type (%)"),
    ("show_types", "Visa typerna på kartan", "Show the types on the map"),
    ("show_class_stability", "Visa klassernas stabilitet på kartan", "Show the classes' stability on the map"),
    ("show_classes", "Visa klasserna på kartan", "Show the classes on the map"),
    ("stability_not_categorical", "En kategorikarta har inga klasser som kan vara osäkra: stäng av Kategorier först", "A categorical map has no classes that can be unsure: switch off Categories first"),
    ("keep_type", "områden behåller sin typ i minst 90 % av dragningarna (andelar av antal dras om, övriga komponenter som publicerade)", "areas keep their type in at least 90 % of the draws (shares of counts redrawn, other components as published)"),
    ("keep_region", "områden är med eller utan varje granne som i indelningen i minst 90 % av dragningarna", "areas are with or apart from each neighbour as in the division in at least 90 % of the draws"),
    ("noise_model", "Brusmodell", "Noise model"),
    ("noise_poisson", "Poisson (talen som stickprov)", "Poisson (the counts as a sample)"),
    ("noise_uniform", "±3 personer (röjandeskydd)", "±3 persons (disclosure noise)"),
    ("noise_round", "avrundat till 5", "rounded to 5"),
    ("noise_suppressed", "undertryckta celler 0–2", "suppressed cells 0–2"),
    ("uncertainty_interval", "95 % av dragningarna", "95 % of the draws"),
    ("bootstrap_interval", "95 %-intervall (bootstrap)", "95 % interval (bootstrap)"),
    ("bootstrap_interval_help", "Områdena dras om med återläggning (lika många dragningar som simuleringar); intervallet visar hur mycket indexet beror på vilka områden som råkar ingå. Ritas som ett band över åren.", "The areas are resampled with replacement (as many draws as simulations); the interval shows how much the index depends on which areas happen to be included. Drawn as a band over the years."),
    ("join_needs_key", "Ange en nyckel: fältet i lagret som tabellen ska kopplas på (t.ex. deso, eller regso när tabellen namnger områdena \"Kommun (Område)\").", "Give a key: the layer's field to join the table on (e.g. deso, or regso when the table names the areas \"Municipality (Area)\")."),
    ("key_by_code", "koder som de är skrivna", "codes as written"),
    ("key_by_names", "\"Kommun (Område)\" mot", "\"Municipality (Area)\" against"),
    (
        "followup_help",
        "En variabel över åren: varje år delas i kvintiler för sig, matrisen visar hur områdena flyttat mellan klasserna från första till sista året, och varje områdes trend per år med p-värde.",
        "A variable over the years: each year is divided into its own quantiles, the matrix shows how the areas moved between classes from the first year to the last, and each area's trend per year with its p-value.",
    ),
    ("moved_down", "Flyttade ner", "Moved down"),
    ("stayed", "Samma klass", "Same class"),
    ("moved_up", "Flyttade upp", "Moved up"),
    ("class_moves", "Förflyttning mellan klasser", "Moves between classes"),
    ("trend_per_year", "Trend per år", "Trend per year"),
    ("move_stability", "Förflyttningens stabilitet", "Stability of the moves"),
    ("move_stability_means", "andel dragningar där området rör sig som observerat", "share of draws in which the area moves as observed"),
    ("slope_per_year", "Lutning per år", "Slope per year"),
    ("significant_only", "signifikanta", "significant"),
    ("years_as_numbers", "Skriv åren som tal, t.ex. 2020, 2021, 2022.", "Write the years as numbers, e.g. 2020, 2021, 2022."),
    ("years", "År att följa", "Years to follow"),
    ("quantile_classes", "Kvantilklasser", "Quantile classes"),
    ("early_warning", "Tidig varning", "Early warning"),
    ("toward_low", "trend nedåt", "downward trend"),
    ("toward_high", "trend uppåt", "upward trend"),
    ("transitions", "Övergångar", "Transitions"),
    ("early_warnings", "Tidiga varningar", "Early warnings"),
    ("compare_noise", "Jämför med slumpbruset (95 %)", "Compare with the noise (95 %)"),
    ("compare_noise_help", "Ett bootstrapintervall för värdet före: områdena dras om med återläggning 999 gånger. En förändring som hamnar utanför intervallet är större än vad vilka områden som råkar finnas förklarar.", "A bootstrap interval for the value before: the areas resampled with replacement 999 times. A change that lands outside it is larger than which areas happen to be there explains."),
    ("exceeds_noise", "Utanför 95 %-intervallet för värdet före: större än slumpbruset.", "Outside the 95 % interval of the value before: larger than the noise."),
    ("within_noise", "Inom 95 %-intervallet för värdet före: inte större än slumpbruset.", "Within the 95 % interval of the value before: not larger than the noise."),
    ("noise_legend", "* efter-värdet ligger utanför före-värdets 95 %-bootstrapintervall", "* the value after lies outside the 95 % bootstrap interval of the value before"),
    ("all_regions_help", "Annars visas bara de regioner som planerna ändrar.", "Otherwise only the regions the plans change are shown."),
    ("components_of_new", "Ange de nya personernas områdestypskomponenter", "Give the new persons' area-type components"),
    ("components_of_new_help", "Andelarna bland de personer ändringen tillför, som områdestyperna räknar dem. Utan dem behåller området sina andelar.", "The shares among the persons the change adds, as the area types count them. Without them the area keeps its own shares."),
    ("v1_short", "Låg ek. standard", "Low econ. standard"),
    ("v2_short", "Förgymnasial utb.", "Pre-secondary educ."),
    ("v3_short", "Arbetslösa", "Unemployed"),
    ("explore", "Utforska", "Explore"),
    ("histogram", "Histogram", "Histogram"),
    ("box_plot", "Lådagram", "Box plot"),
    ("scatter_plot", "Spridningsdiagram", "Scatter plot"),
    ("parallel_coordinates", "Parallella koordinater", "Parallel coordinates"),
    ("parallel_standardised", "Parallella koordinater (standardiserade)", "Parallel coordinates (standardised)"),
    ("bivariate_map", "Bivariat karta", "Bivariate map"),
    ("maps_side_by_side", "Kartor sida vid sida", "Maps side by side"),
    ("maps_choose", "Kartorna", "The maps"),
    ("add_map", "Lägg till karta", "Add a map"),
    ("shared_classes", "En gemensam klassindelning", "One shared classification"),
    ("brush", "Markera med:", "Select with:"),
    ("brush_box", "rektangel", "box"),
    ("brush_lasso", "lasso", "lasso"),
    ("bins", "Staplar", "Bins"),
    ("map_classes_as_bins", "Kartans klasser som staplar", "The map's classes as bins"),
    ("number_of_areas", "antal områden", "number of areas"),
    ("selected_lower", "markerade", "selected"),
    ("choose_variable_hint", "Välj variabel ovan.", "Choose the variable above."),
    ("parallel_hint", "Välj minst två variabler (högst tio). Dra längs en axel för att markera områden.", "Choose at least two variables (at most ten). Drag along an axis to select areas."),
    ("x_variable", "Variabel på x-axeln", "Variable across (x)"),
    ("y_variable", "Variabel på y-axeln", "Variable up (y)"),
    ("first_variable", "Första variabeln (åt höger)", "First variable (to the right)"),
    ("second_variable", "Andra variabeln (uppåt)", "Second variable (upwards)"),
    ("too_few_for_line", "för få områden för en linje", "too few areas for a line"),
    ("selection", "Markeringen", "The selection"),
    ("the_rest", "Övriga", "The rest"),
    ("move_left", "Flytta åt vänster", "Move left"),
    ("move_right", "Flytta åt höger", "Move right"),
    ("fences", "Gränser:", "Fences:"),
    ("tab_report", "Rapport", "Report"),
    ("figure_margin", "Marginal", "Margin"),
    ("plans_side_by_side", "Planerna sida vid sida", "The plans side by side"),
    ("report_with_plans", "En sida om scenariovyns planer", "A page on the scenario view's plans"),
    ("export_plans_side_by_side", "Exportera planerna sida vid sida…", "Export the plans side by side…"),
    ("type_moves", "Områdestyper mellan åren", "Area types between the years"),
    ("type_moves_help", "SCB:s tre komponenter (andel låg ekonomisk standard, förgymnasial utbildning, arbetslöshet) flyttas till första och sista året; varje år typas för sig (μ och σ det året).", "SCB's three components (low economic standard, pre-secondary education, unemployment) are moved to the first and the last year; each year is typed on its own (that year's μ and σ)."),
    ("propose_components", "Föreslå komponenter", "Propose components"),
    ("type_persons", "Personer (för matrisen över personer)", "Persons (for the matrix of persons)"),
    ("type_short", "Typ", "Type"),
    ("type_areas", "Antal områden (rader: första året)", "Areas (rows: the first year)"),
    ("type_people", "Antal personer (sista året)", "Persons (the last year)"),
    ("type_worse", "Mot typ 1–2 (större utmaningar)", "Toward types 1–2 (more challenges)"),
    ("type_better", "Mot typ 4–5", "Toward types 4–5"),
    ("elbers_title", "Theils M, förändringen uppdelad (Elbers)", "Theil's M, the change split (Elbers)"),
    ("elbers_units", "Områdenas storlek", "Areas' sizes"),
    ("elbers_groups", "Gruppens storlek", "Group's size"),
    ("elbers_structural", "Struktur", "Structure"),
    ("elbers_help", "Elbers uppdelning (Shapley): hur mycket av förändringen i Theils M som beror på att befolkningen fördelat sig annorlunda över områdena, på att gruppen blivit större eller mindre, och hur mycket på att grupperna bor mer eller mindre åtskilda vid samma storlekar (struktur).", "Elbers' decomposition (Shapley): how much of the change in Theil's M comes from the population spreading differently over the areas, from the group growing or shrinking, and how much from the groups living more or less apart at the same sizes (structure)."),
    ("figure_legend_at", "Teckenförklaringens plats", "Legend's place"),
    ("figure_scale_at", "Skalstockens plats", "Scale bar's place"),
    ("figure_north_at", "Norrpilens plats", "North arrow's place"),
    ("place_auto", "Vanlig plats", "Usual place"),
    ("place_right", "Egen kolumn till höger", "Own column on the right"),
    ("place_top_left", "Övre vänstra hörnet", "Top left corner"),
    ("place_top_right", "Övre högra hörnet", "Top right corner"),
    ("place_bottom_left", "Nedre vänstra hörnet", "Bottom left corner"),
    ("place_bottom_right", "Nedre högra hörnet", "Bottom right corner"),
    ("no_layer", "Öppna ett lager med områden först.", "Open a layer of areas first."),
    ("report_menu", "Rapport…", "Report…"),
    ("report_help", "En PDF per kommun: karta över områdena, nyckeltal mot länet och riket, segregationsindex med förklaringar, uppdelning mellan och inom kommunerna och index över åren när statistiken har flera år.", "One PDF per municipality: a map of its areas, key indicators against the county and the country, segregation indices explained, the split between and within municipalities, and the indices over the years when the statistics have several years."),
    ("report_group_label", "Gruppens namn i texten", "The group's name in the text"),
    ("report_indicators", "Fler nyckeltal", "More key indicators"),
    ("report_each", "En rapport per", "One report per"),
    ("report_region", "Kommun", "Municipality"),
    ("report_all", "Alla", "All"),
    ("report_national", "Riket (nationell tabell)", "Sweden (national table)"),
    ("report_folder", "Mapp", "Folder"),
    ("report_needs_folder", "Välj en mapp att skriva rapporterna i.", "Choose a folder to write the reports to."),
    ("report_make_all", "Skapa rapporter för alla", "Make reports for all"),
    ("report_make_one", "Skapa rapporten", "Make the report"),
    ("report_written", "rapporter skrivna", "reports written"),
    ("report_pages", "sidor", "pages"),
    ("weights_rebuilt", "byggda på nytt på de", "rebuilt on the"),
    ("weights_cut", "begränsade till de", "cut down to the"),
    ("not_colour_blind_safe", "ej för färgblinda", "not colour-blind safe"),
    ("folder", "Mapp", "Folder"),
    ("folder_up", "Upp en nivå", "Up a level"),
    ("folder_home", "Hem", "Home"),
    ("folder_empty", "Inga mappar eller filer av de här slagen här.", "No folders or files of these kinds here."),
    ("show_all_files", "Visa alla filer", "Show all files"),
    ("file_name", "Filnamn", "File name"),
    ("file_exists_replaced", "Filen finns redan och ersätts.", "The file exists and will be replaced."),
    ("open_file", "Öppna", "Open"),
    ("save_file", "Spara", "Save"),
    ("choose_this_folder", "Välj den här mappen", "Choose this folder"),
    ("variable_label", "Etikett (förklaringens rubrik)", "Label (the legend's title)"),
    ("variable_label_help", "Vad variabeln heter i förklaringen, diagrammen och rapporterna. Tomt: SCB:s namn på fältet (eller fältnamnet). Sparas i projektet.", "What the variable is called in the legend, the charts and the reports. Empty: SCB's name of the field (or the field's name). Kept in the project."),
    ("cancelled_job", "Avbrutet", "Cancelled"),
    ("test_composition", "Sammansättning (composition)", "Composition"),
    ("test_random_label", "Slumpade etiketter (random-label)", "Random labels"),
    ("component_total", "totalt", "total"),
    ("component_between", "mellan regionerna", "between the regions"),
    ("component_within", "inom regionerna", "within the regions"),
    ("map_classes", "klasser", "classes"),
    ("map_selected", "Markerat", "Selected"),
    ("map_hovered", "Under pekaren", "Under the pointer"),
    ("start_menu", "Startpanelen", "The start panel"),
    ("start_title", "Välkommen till segatlas", "Welcome to segatlas"),
    ("start_intro", "Mät och följ upp segregation på SCB:s områden (DeSO, RegSO, kommuner) — på din egen dator, utan nät. Välj en väg att börja:", "Measure and follow up segregation on SCB's areas (DeSO, RegSO, municipalities) — on your own computer, offline. Choose a road to start:"),
    ("start_open", "Öppna SCB:s filer…", "Open SCB's files…"),
    ("start_open_help", "Gränser (DeSO/RegSO som GeoPackage eller GeoJSON) och statistik (CSV, Excel) som kopplas på koden.", "Boundaries (DeSO/RegSO as GeoPackage or GeoJSON) and statistics (CSV, Excel) joined by code."),
    ("start_measure", "Mät segregation", "Measure segregation"),
    ("start_measure_help", "Segregationsindex för området, per kommun eller över år, med förklaringar.", "Segregation indices for the area, per municipality or over the years, explained."),
    ("start_levels", "Sverige i en vy", "Sweden in one view"),
    ("start_levels_help", "Hur mycket av segregationen som ligger mellan län, kommuner, RegSO och DeSO — från SCB:s nationella tabell.", "How much of the segregation lies between counties, municipalities, RegSO and DeSO — from SCB's national table."),
    ("start_report", "Gör en rapport per kommun", "Make a report per municipality"),
    ("start_report_help", "En PDF per kommun med karta, nyckeltal mot län och riket och index förklarade.", "A PDF per municipality with a map, key figures against the county and the country, and the indices explained."),
    ("start_sample", "Öppna exempelprojektet", "Open the sample project"),
    ("start_sample_help", "Statsbidragen mot segregation 2018 per län: ett sparat projekt att utforska.", "The 2018 state grants against segregation per county: a saved project to explore."),
    ("start_close", "Stäng (startpanelen finns under Visa)", "Close (the start panel is under View)"),
    ("tab_levels", "Nivåer", "Levels"),
    ("tab_interpolate", "Överför till andra gränser", "Move to other boundaries"),
    ("move_from", "Från", "From"),
    ("move_to", "Till gränserna", "Onto the boundaries of"),
    ("interpolate_needs_two", "Öppna också lagret med de andra gränserna (Arkiv → Öppna), t.ex. polisens områden eller ett rutnät", "Open the layer with the other boundaries too (File → Open), e.g. the police's areas or a grid"),
    ("extensive_vars", "Antal (fördelas efter hur stor del av varje område som ligger i målet)", "Counts (shared by how much of each area lies in the target)"),
    ("intensive_vars", "Andelar, medianer, medelvärden (medelvärde viktat med överlappets yta)", "Rates, medians, means (mean weighted by each overlap's area)"),
    ("median_not_exact", "En median eller ett medelvärde kan inte överföras exakt: målen får källornas värden vägda med överlappen", "A median or mean cannot be moved exactly: the targets get the sources' values weighted by the overlaps"),
    ("weigh_by", "Vikta med", "Weigh by"),
    ("by_area", "ytan", "area"),
    ("allocate_total", "Fördela hela värdet på den del som täcks", "Share the whole value over the part covered"),
    ("allocate_total_help", "För lager som täcker samma mark med olika förenklade gränser (DeSO → RegSO): varje källas summa behålls. Lämna av när målen bara täcker en del (polisens områden).", "For layers covering the same land with differently simplified boundaries (DeSO → RegSO): each source's total is kept. Leave off when the targets cover only part (the police's areas)."),
    ("move_now", "Överför", "Move"),
    ("new_layer", "Nytt lager", "New layer"),
    ("no_geometry_sources", "källor utan geometri når inget mål", "sources without a geometry reach no target"),
    ("rows", "rader", "rows"),
    ("columns", "kolumner", "columns"),
    ("years_from", "År som saknas hämtas från", "Years missing here come from"),
    ("years_from_help", "Serien på andra gränser (t.ex. DeSO 2025 bredvid DeSO 2018): åren som saknas i detta lager överförs hit först, antal efter yta och andelar som ytvägda medelvärden.", "The series on other boundaries (e.g. DeSO 2025 beside DeSO 2018): the years this layer lacks are moved here first, counts by area and rates as area-weighted means."),
    ("moved_from", "överfört från", "moved from"),
    ("uncovered_share", "av källornas yta ligger utanför alla mål", "of the sources' area lies outside every target"),
    ("overlap_share", "av källornas yta ligger i mer än ett mål (målen överlappar)", "of the sources' area lies in more than one target (the targets overlap)"),
    ("empty_targets", "mål får ingenting (saknas)", "targets receive nothing (missing)"),
    ("sources_missing", "källor saknar värdet", "sources lack the value"),
    ("by_area_instead", "källor utan viktvärde överfördes efter yta", "sources without a weight were moved by area"),
    ("theil_m", "Theils M", "Theil's M"),
    ("between_regions", "mellan regionerna", "between the regions"),
    ("within_regions", "inom dem", "within them"),
    ("between_within_help", "Theils M delas exakt: skillnaderna mellan regionerna (regionerna som enheter) plus varje regions eget M, vägt med dess befolkning.", "Theil's M splits exactly: the differences between the regions (the regions as units) plus each region's own M, weighted by its population."),
    ("levels_help", "Hur mycket av segregationen som ligger på varje nivå: Theils M för hela landet (eller tabellen) delas exakt i en del mellan län, en mellan kommuner inom länen, en mellan RegSO inom kommunerna och en mellan DeSO inom RegSO. Fungerar på SCB:s nationella DeSO-tabell utan karta; RegSO kommer från SCB:s kopplingstabell.", "How much of the segregation lies at each level: Theil's M of the whole country (or table) splits exactly into a part between counties, one between municipalities within the counties, one between RegSO within the municipalities and one between DeSO within RegSO. Works on SCB's national DeSO table without a map; RegSO comes from SCB's link table."),
    ("levels_table", "Tabell", "Table"),
    ("levels_within_field", "Bara inom (valfritt): ett län eller en kommun", "Only within (optional): a county or a municipality"),
    ("levels_table_hint", "det aktiva lagrets tabell", "the active layer's table"),
    ("levels_link", "Kopplingstabell (valfri)", "Link table (optional)"),
    ("levels_groups", "Grupper, kommaseparerade (summan är befolkningen)", "Groups, comma-separated (their sum is the population)"),
    ("levels_levels", "Nivåer, grövst först", "Levels, coarsest first"),
    ("levels_total", "Segregationen (Theils M)", "The segregation (Theil's M)"),
    ("levels_parts", "Fördelad på nivåer", "Split by level"),
    ("levels_between", "Mellan", "Between"),
    ("levels_within", "inom", "within"),
    ("levels_ranked", "Vilka bär mest av segregationen inom sig", "Which carry most of the segregation within them"),
    ("levels_level", "Nivå", "Level"),
    ("levels_rank", "Rang", "Rank"),
    ("levels_code", "Kod", "Code"),
    ("levels_name", "Namn", "Name"),
    ("levels_own_m", "Eget M", "Own M"),
    ("levels_pop_share", "Befolkning, %", "Population, %"),
    ("levels_pop_share_help", "Enhetens andel av befolkningen (summan av grupperna).", "The unit's share of the population (the sum of the groups)."),
    ("levels_contrib_share", "Segregation, %", "Segregation, %"),
    ("levels_contrib_share_help", "Enhetens andel av all segregation inom nivåns enheter: dess befolkningsandel gånger dess eget M, delat med summan över enheterna.", "The unit's share of all the segregation within the level's units: its population share times its own M, over the sum across the units."),
    ("levels_own_m_help", "Theils M mellan enhetens minsta områden: hur segregerad den är inom sig.", "Theil's M between the unit's finest areas: how segregated it is within itself."),
    ("levels_show_map", "Visa på kartan", "Show on the map"),
    ("levels_colour_m", "färgad efter eget M", "coloured by own M"),
    ("levels_colour_contribution", "färgad efter andel av segregationen", "coloured by share of the segregation"),
    ("levels_no_map", "Kartan finns för kommuner och län (de medföljande gränserna) och för det aktiva lagrets egna områden.", "The map exists for municipalities and counties (the bundled boundaries) and for the active layer's own areas."),
    ("levels_of_which", "varav", "of which"),
    ("levels_left_out", "utelämnade (saknat värde eller ingen enhet på en nivå)", "left out (a missing value or no unit at a level)"),
    ("levels_persons", "personer", "persons"),
    ("not_colour_blind_safe_help", "Två av färgerna går nästan inte att skilja åt för den som är rödgrön färgblind (simulerad protanopi/deuteranopi). Välj purple-orange eller green-blue för tryck och presentationer.", "Two of its colours can hardly be told apart by red–green colour-blind readers (simulated protanopia/deuteranopia). Choose purple-orange or green-blue for print and presentations."),
];

impl Lang {
    /// The text for `key` in this language (the key itself if unknown, so gaps show).
    pub fn t(self, key: &str) -> &'static str {
        TEXTS
            .iter()
            .find(|(k, _, _)| *k == key)
            .map_or("?", |(_, sv, en)| match self {
                Lang::Sv => sv,
                Lang::En => en,
            })
    }

    /// A p-value for people: `p = 0,023`, or at the resolution of a permutation test (no
    /// permutation as extreme) `p < 0,001 (999 permutationer)`, since a pseudo p-value cannot go
    /// below 1/(permutations + 1).
    pub fn p_value(self, p: f64, permutations: usize) -> String {
        let floor = 1.0 / (permutations as f64 + 1.0);
        if permutations > 0 && p <= floor * (1.0 + 1e-9) {
            format!(
                "p < {} ({} {})",
                self.number(floor, 6),
                self.number(permutations as f64, 0),
                match self {
                    Lang::Sv => "permutationer",
                    Lang::En => "permutations",
                }
            )
        } else if p < 0.0001 {
            // Four decimals would show 0: a p-value is never 0.
            format!("p < {}", self.number(0.0001, 4))
        } else {
            format!("p = {}", self.number(p, 4))
        }
    }

    /// The language's own name, for the switch.
    pub fn name(self) -> &'static str {
        match self {
            Lang::Sv => "Svenska",
            Lang::En => "English",
        }
    }

    pub fn is_swedish(self) -> bool {
        self == Lang::Sv
    }

    /// A number to exactly `decimals` decimals in the language's format (0,280 beside 0,277:
    /// the two ends of an interval read alike).
    pub fn fixed(self, v: f64, decimals: usize) -> String {
        let mut s = self.number(v, decimals);
        if decimals == 0 || !v.is_finite() {
            return s;
        }
        let point = if self.is_swedish() { ',' } else { '.' };
        let have = s.split_once(point).map_or(0, |(_, f)| f.chars().count());
        if have == 0 {
            s.push(point);
        }
        s.extend(std::iter::repeat_n('0', decimals - have));
        s
    }

    /// A number for people: grouped thousands, at most `decimals` decimals, no trailing zeros.
    pub fn number(self, v: f64, decimals: usize) -> String {
        if !v.is_finite() {
            return v.to_string();
        }
        let s = format!("{:.*}", decimals, v.abs());
        let (int, frac) = match s.split_once('.') {
            Some((i, f)) => (i.to_string(), f.trim_end_matches('0').to_string()),
            None => (s.clone(), String::new()),
        };
        let (group, point) = match self {
            Lang::Sv => ('\u{a0}', ','),
            Lang::En => (',', '.'),
        };
        let digits: Vec<char> = int.chars().collect();
        let mut out = String::new();
        if v < 0.0 && (int != "0" || !frac.is_empty()) {
            out.push('−');
        }
        for (i, c) in digits.iter().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(group);
            }
            out.push(*c);
        }
        if !frac.is_empty() {
            out.push(point);
            out.push_str(&frac);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_and_english_numbers() {
        assert_eq!(Lang::Sv.number(1234.5, 2), "1\u{a0}234,5");
        assert_eq!(Lang::En.number(1234.5, 2), "1,234.5");
        assert_eq!(Lang::Sv.number(-0.25, 2), "−0,25");
        assert_eq!(Lang::En.number(1_000_000.0, 2), "1,000,000");
        assert_eq!(Lang::Sv.number(0.0, 2), "0");
        // Exactly so many decimals: the two ends of an interval read alike.
        assert_eq!(Lang::Sv.fixed(0.28, 3), "0,280");
        assert_eq!(Lang::En.fixed(2.0, 2), "2.00");
        assert_eq!(Lang::Sv.fixed(1234.6, 0), "1\u{a0}235");
    }

    #[test]
    fn p_values_at_the_resolution_of_the_permutations() {
        assert_eq!(
            Lang::Sv.p_value(0.001, 999),
            "p < 0,001 (999 permutationer)"
        );
        assert_eq!(
            Lang::En.p_value(0.0001, 9_999),
            "p < 0.0001 (9,999 permutations)"
        );
        assert_eq!(Lang::Sv.p_value(0.023, 999), "p = 0,023");
        assert_eq!(Lang::En.p_value(1e-8, 0), "p < 0.0001");
    }

    #[test]
    fn every_key_has_both_languages() {
        let mut seen = std::collections::HashSet::new();
        for (k, sv, en) in TEXTS {
            assert!(seen.insert(k), "{k} twice");
            assert!(!sv.is_empty() && !en.is_empty(), "{k}");
            assert_eq!(Lang::Sv.t(k), *sv);
        }
        assert_eq!(Lang::En.t("no such key"), "?");
    }
}
