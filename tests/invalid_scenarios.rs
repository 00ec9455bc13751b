//! Invalid fixtures pin their exact diagnostics, so an error message only changes on purpose.

use std::path::Path;

use drillsim::scenario;

fn diagnostics_of(name: &str) -> String {
    let path = format!("tests/fixtures/invalid/{name}.ron");
    let diagnostics = scenario::check_file(Path::new(&path));
    assert!(diagnostics.has_errors(), "{path} should be invalid");
    diagnostics.to_string()
}

#[test]
fn a_syntax_error_names_file_line_and_column_and_quotes_the_line() {
    insta::assert_snapshot!(diagnostics_of("syntax-error"));
}

#[test]
fn an_unknown_field_is_an_error() {
    insta::assert_snapshot!(diagnostics_of("unknown-field"));
}

#[test]
fn a_file_must_say_which_part_it_holds() {
    insta::assert_snapshot!(diagnostics_of("wrong-part"));
}

#[test]
fn every_semantic_error_is_reported_in_one_pass() {
    let text = diagnostics_of("many-errors");
    insta::assert_snapshot!(text);
}

#[test]
fn a_missing_include_and_a_doubled_part_are_reported() {
    insta::assert_snapshot!(diagnostics_of("missing-include"));
}

#[test]
fn absurd_plan_values_are_reported() {
    insta::assert_snapshot!(diagnostics_of("bad-plan"));
}

#[test]
fn a_duration_without_unit_says_how_to_write_one() {
    insta::assert_snapshot!(diagnostics_of("bad-duration"));
}

#[test]
fn a_file_that_does_not_exist_is_an_error_not_a_panic() {
    let diagnostics = scenario::check_file(Path::new("tests/fixtures/invalid/absent.ron"));
    assert!(diagnostics.has_errors());
    assert!(diagnostics.to_string().contains("cannot read"));
}

#[test]
fn bad_reservoirs_and_a_dam_rule_without_a_reservoir_are_reported() {
    insta::assert_snapshot!(diagnostics_of("bad-reservoirs"));
}

#[test]
fn impossible_barrier_lakes_are_reported() {
    insta::assert_snapshot!(diagnostics_of("bad-outburst"));
}
