//! Choosing a variable: a searchable list of the layer's columns (any name, however long or
//! full of commas, is picked as it stands) beside an expression field for arithmetic,
//! comparisons and `if(…)`. Every place in the app where a variable is chosen uses this.
//! Also the *Osäkerhet* switch with its noise model, shared by every view that can redraw counts.

use crate::app::i18n::Lang;
use crate::figure::chart::shorten;

/// How many characters of a column name the button shows (the full name is on hover).
const SHOWN: usize = 38;

/// A labelled variable field: the label on its own line (long names never squeeze it), then
/// the column list and the expression. Returns true when the text changed.
pub fn variable_field(
    ui: &mut egui::Ui,
    label: &str,
    text: &mut String,
    columns: &[String],
    lang: Lang,
) -> bool {
    ui.label(label);
    let mut changed = column_list(ui, label, text, columns, lang);
    let edit = ui
        .add(
            egui::TextEdit::singleline(text)
                .hint_text(lang.t("expression_hint"))
                .desired_width(ui.available_width().min(360.0)),
        )
        .accessible_name(format!("{label}: {}", lang.t("expression")));
    changed |= edit.changed();
    changed
}

/// A variable field for adding a variable to a list (box plot, parallel coordinates): true only
/// when a column was picked from the list. Typing an expression never adds anything mid-typing
/// (on its way to `folkmangd_2022/area_km2` the text is a column's name for a moment): the
/// expression is added by the caller's *Lägg till* button or Enter.
pub fn variable_to_add(
    ui: &mut egui::Ui,
    label: &str,
    text: &mut String,
    columns: &[String],
    lang: Lang,
) -> (bool, bool) {
    ui.label(label);
    let picked = column_list(ui, label, text, columns, lang);
    let edit = ui
        .add(
            egui::TextEdit::singleline(text)
                .hint_text(lang.t("expression_hint"))
                .desired_width(ui.available_width().min(360.0)),
        )
        .accessible_name(format!("{label}: {}", lang.t("expression")));
    let entered = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    (picked, entered)
}

/// A button showing the chosen column that opens a searchable list of `columns`; picking one
/// sets `text` to that name. `name` is what a screen reader (and a test) calls the list.
/// Returns true when a column was picked.
pub fn column_list(
    ui: &mut egui::Ui,
    name: &str,
    text: &mut String,
    columns: &[String],
    lang: Lang,
) -> bool {
    let query_id = ui.make_persistent_id(("column_query", name));
    let shown = if text.is_empty() {
        lang.t("choose_column").to_string()
    } else {
        shorten(text, SHOWN)
    };
    let mut picked = None;
    let response = egui::ComboBox::from_id_salt(("columns", name))
        .selected_text(shown)
        .width(ui.available_width().min(300.0))
        .height(320.0)
        .show_ui(ui, |ui| {
            let mut query: String = ui.data_mut(|d| d.get_temp(query_id).unwrap_or_default());
            let search = ui
                .add(
                    egui::TextEdit::singleline(&mut query)
                        .hint_text(lang.t("search_columns"))
                        .desired_width(280.0),
                )
                .accessible_name(lang.t("search_columns"));
            if search.changed() {
                ui.data_mut(|d| d.insert_temp(query_id, query.clone()));
            }
            search.request_focus();
            let q = query.to_lowercase();
            for c in columns.iter().filter(|c| c.to_lowercase().contains(&q)) {
                let r = ui
                    .selectable_label(*text == *c, shorten(c, 60))
                    .on_hover_text(c.as_str());
                if r.clicked() {
                    picked = Some(c.clone());
                }
            }
        });
    response
        .response
        .accessible_name(name)
        .on_hover_text(text.as_str());
    match picked {
        Some(c) if c != *text => {
            *text = c;
            true
        }
        _ => false,
    }
}

/// The numeric columns of a table and `area_km2`: what can be mapped or counted.
pub fn numeric_columns(table: &crate::data::Table) -> Vec<String> {
    table
        .columns
        .iter()
        .filter(|c| c.field_type() == crate::data::table::FieldType::Number)
        .map(|c| c.name.clone())
        .chain(std::iter::once(crate::data::expr::AREA_KM2.to_string()))
        .collect()
}

/// The noise models a planner chooses among, with their words.
pub const NOISE_CHOICES: [(&str, &str); 4] = [
    ("poisson", "noise_poisson"),
    ("uniform:3", "noise_uniform"),
    ("round:5", "noise_round"),
    ("suppressed:3", "noise_suppressed"),
];

/// A noise model in words ("Poisson (talen som stickprov)"), or as written when it is not one of
/// the app's choices.
pub fn noise_text(model: &str, lang: Lang) -> String {
    NOISE_CHOICES
        .iter()
        .find(|(m, _)| *m == model)
        .map_or(model.to_string(), |(_, key)| lang.t(key).to_string())
}

/// The *Osäkerhet* switch and its model: None when off.
pub fn noise_choice(ui: &mut egui::Ui, noise: &mut Option<String>, lang: Lang) {
    let mut on = noise.is_some();
    ui.horizontal_wrapped(|ui| {
        if ui
            .checkbox(&mut on, lang.t("uncertainty"))
            .on_hover_text(lang.t("uncertainty_help"))
            .changed()
        {
            *noise = on.then(|| NOISE_CHOICES[0].0.to_string());
        }
    });
    if let Some(model) = noise {
        let shown = noise_text(model, lang);
        // The model's name on its own line above the list: beside it, in a narrow sidebar,
        // the word broke in two ("brusmod / ell").
        let label = ui.label(lang.t("noise_model"));
        egui::ComboBox::from_id_salt("noise_model")
            .selected_text(shown)
            .show_ui(ui, |ui| {
                for (m, key) in NOISE_CHOICES {
                    ui.selectable_value(model, m.to_string(), lang.t(key));
                }
            })
            .response
            .labelled_by(label.id);
    }
}
