//! Templates printed by `drillsim new`: commented scenarios that validate as they are.
//!
//! The templates are the shipped example files themselves, so a test that validates every
//! shipped scenario also validates every template.

/// The default template: a small town, every part inline and commented.
pub const TEMPLATE: &str = include_str!("../scenarios/small-town.ron");

/// A plan part on its own, for `--plan`.
pub const PLAN_TEMPLATE: &str = include_str!("../scenarios/plans/county-default.ron");

/// Template names and texts, for `drillsim new NAME`.
pub const TEMPLATES: [(&str, &str, &str); 2] = [
    (
        "scenario",
        "a whole scenario in one file (the small-town example)",
        TEMPLATE,
    ),
    ("plan", "a plan (预案) part, for --plan", PLAN_TEMPLATE),
];
