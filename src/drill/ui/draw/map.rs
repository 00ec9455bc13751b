//! The map pane: places, roads (blocked ones marked) and known incidents on a canvas.

use super::*;

pub(super) fn draw_map(frame: &mut Frame, app: &App, theme: &Theme, area: Rect, focused: bool) {
    let s = &app.statics;
    let lang = s.lang;
    let (x0, x1, y0, y1) = s.bounds;
    let mut title = format!(" {} ", lang.t(Text::Map));
    let snap = app.snapshot.as_deref();
    let reported = snap.map_or(&[][..], |s| &s.reported_roads[..]);
    if !s.controller {
        let roads = match reported.iter().map(|r| r.2).max() {
            None => lang.t(Text::RoadsUnknown).to_string(),
            Some(latest) => format!(
                "{} {}, {} T+{}",
                lang.t(Text::RoadsReported),
                reported.len(),
                lang.t(Text::Latest),
                clock(latest)
            ),
        };
        title.push_str(&format!("({}; {roads}) ", lang.t(Text::BeliefOnly)));
    } else {
        title.push_str(&format!("({}) ", lang.t(Text::GroundTruth)));
    }
    let legend = Line::from(format!(" {} ", lang.t(Text::Legend))).alignment(Alignment::Right);
    let inner_width = area.width.saturating_sub(2).max(1) as f64;
    let show_town_names = area.width >= 60;
    let show_village_dots = s.places.len() <= 400;
    let name_labels = labels(s, area);
    let canvas = Canvas::default()
        .block(block(title, theme, focused).title_bottom(legend))
        .marker(Marker::Braille)
        .x_bounds([x0, x1])
        .y_bounds([y0, y1])
        .paint(|ctx| {
            // The controller sees every road's state; a player the states reported to it
            // (a road nobody reported is drawn as open, as before).
            let states: Option<Vec<LinkState>> = match snap {
                Some(snap) if snap.road_states.is_some() => snap.road_states.clone(),
                Some(snap) if !snap.reported_roads.is_empty() => {
                    let mut states = vec![LinkState::Open; s.roads.len()];
                    for &(i, state, _) in &snap.reported_roads {
                        if let Some(slot) = states.get_mut(i) {
                            *slot = state;
                        }
                    }
                    Some(states)
                }
                _ => None,
            };
            let states = states.as_ref();
            for (i, (a, b, _)) in s.roads.iter().enumerate() {
                let (pa, pb) = (&s.places[*a], &s.places[*b]);
                let state = states
                    .and_then(|st| st.get(i))
                    .copied()
                    .unwrap_or(LinkState::Open);
                let color = match (theme.no_color, state) {
                    (true, _) => Color::Reset,
                    (false, LinkState::Open) => Color::DarkGray,
                    (false, LinkState::Degraded) => Color::Yellow,
                    (false, LinkState::Blocked) => Color::Red,
                };
                ctx.draw(&CanvasLine::new(pa.x_km, pa.y_km, pb.x_km, pb.y_km, color));
            }
            ctx.layer();
            if let Some(states) = states {
                for (i, (a, b, _)) in s.roads.iter().enumerate() {
                    let mark = match states.get(i) {
                        Some(LinkState::Blocked) => Span::styled("#", theme.bold(Color::Red)),
                        Some(LinkState::Degraded) => Span::styled("~", theme.fg(Color::Yellow)),
                        _ => continue,
                    };
                    let (pa, pb) = (&s.places[*a], &s.places[*b]);
                    let (mx, my) = ((pa.x_km + pb.x_km) / 2.0, (pa.y_km + pb.y_km) / 2.0);
                    ctx.print(mx, my, mark);
                }
                // A reported cut says as of when, where the map has room for it: never over a
                // name, a place, an incident or another label.
                if show_town_names {
                    let cell_km = (x1 - x0) / (inner_width - 1.0).max(1.0);
                    for (start, y_km, at) in road_times(s, snap, area, &name_labels) {
                        let label = Span::styled(clock(at), theme.fg(Color::Red));
                        ctx.print(x0 + (start as f64 + 0.5) * cell_km, y_km, label);
                    }
                }
            }
            for p in &s.places {
                let symbol = match p.rank {
                    0 => Span::styled("◆", theme.bold(Color::White)),
                    1 => Span::styled("■", theme.fg(Color::White)),
                    _ if show_village_dots => Span::styled("·", theme.fg(Color::Gray)),
                    _ => continue,
                };
                ctx.print(p.x_km, p.y_km, symbol);
            }
            if let Some(snap) = snap {
                for i in snap.incidents.iter().filter(|i| !i.closed) {
                    ctx.print(i.x_km, i.y_km, Span::styled("X", theme.bold(Color::Red)));
                }
                for t in &snap.teams {
                    let style = match t.status {
                        TeamStatusKind::Available => continue,
                        TeamStatusKind::EnRoute | TeamStatusKind::Mobilising => {
                            theme.bold(Color::Cyan)
                        }
                        TeamStatusKind::Working => theme.bold(Color::Green),
                        TeamStatusKind::Resting => theme.fg(Color::Blue),
                    };
                    ctx.print(t.x_km, t.y_km, Span::styled("▲", style));
                }
            }
            if show_town_names {
                // At the middle of the label's first cell, so the canvas puts it exactly there.
                let cell_km = (x1 - x0) / (inner_width - 1.0).max(1.0);
                for &(p, start) in &name_labels {
                    ctx.print(
                        x0 + (start as f64 + 0.5) * cell_km,
                        p.y_km,
                        Span::styled(p.name.clone(), theme.fg(Color::Gray)),
                    );
                }
            }
        });
    frame.render_widget(canvas, area);
}

/// The cell the canvas puts a point in (as ratatui's canvas maps its labels).
fn cell_of(s: &StaticInfo, area: Rect) -> impl Fn(f64, f64) -> (i32, i32) + use<> {
    let (x0, x1, y0, y1) = s.bounds;
    let width = area.width.saturating_sub(2).max(1) as f64;
    let height = area.height.saturating_sub(2).max(1) as f64;
    move |x: f64, y: f64| {
        (
            ((x - x0) * (width - 1.0) / (x1 - x0)).max(0.0) as i32,
            ((y1 - y) * (height - 1.0) / (y1 - y0)).max(0.0) as i32,
        )
    }
}

/// Where the "as of" minute of each reported cut road goes: `(first column, y km, minute)`,
/// right of the road's mark, and only where it touches no place name, place, incident, road
/// mark or other label (most recent cuts first, so the news is what shows).
fn road_times(
    s: &StaticInfo,
    snap: Option<&Snapshot>,
    area: Rect,
    names: &[(&crate::drill::engine::PlaceInfo, i32)],
) -> Vec<(i32, f64, u32)> {
    let Some(snap) = snap else {
        return Vec::new();
    };
    let width = area.width.saturating_sub(2).max(1) as i32;
    let cell = cell_of(s, area);
    let mid = |i: usize| {
        let (a, b, _) = s.roads[i];
        let (pa, pb) = (&s.places[a], &s.places[b]);
        ((pa.x_km + pb.x_km) / 2.0, (pa.y_km + pb.y_km) / 2.0)
    };
    // Taken spans per row: [from, to) in cells.
    let mut taken: Vec<(i32, i32, i32)> = Vec::new();
    for &(p, start) in names {
        let (_, cy) = cell(p.x_km, p.y_km);
        taken.push((cy, start, start + p.name.width() as i32));
    }
    // Village dots are drawn on maps of up to 400 places (as `draw_map` does).
    let dots = s.places.len() <= 400;
    for p in s.places.iter().filter(|p| p.rank <= 1 || dots) {
        let (cx, cy) = cell(p.x_km, p.y_km);
        taken.push((cy, cx, cx + 1));
    }
    let marks = snap.incidents.iter().map(|i| (i.x_km, i.y_km));
    for (x, y) in marks.chain(snap.teams.iter().map(|t| (t.x_km, t.y_km))) {
        let (cx, cy) = cell(x, y);
        taken.push((cy, cx, cx + 1));
    }
    for &(road, _, _) in &snap.reported_roads {
        if road < s.roads.len() {
            let (x, y) = mid(road);
            let (cx, cy) = cell(x, y);
            taken.push((cy, cx, cx + 1));
        }
    }
    let mut cuts: Vec<(usize, u32)> = snap
        .reported_roads
        .iter()
        .filter(|r| r.1 == LinkState::Blocked && r.0 < s.roads.len())
        .map(|r| (r.0, r.2))
        .collect();
    cuts.sort_by_key(|&(road, at)| (std::cmp::Reverse(at), road));
    let mut out = Vec::new();
    for (road, at) in cuts {
        let (x, y) = mid(road);
        let (cx, cy) = cell(x, y);
        let (a, b) = (cx + 2, cx + 7);
        let free = b <= width
            && !taken
                .iter()
                .any(|&(row, ta, tb)| row == cy && a < tb + 1 && ta < b + 1);
        if free {
            taken.push((cy, a, b));
            out.push((a, y, at));
        }
    }
    out
}

/// The place names the map writes, and the column each starts at: the county seat,
/// then the towns, then the villages of the seat's own town; a name goes right of its place,
/// or left where it would run off the map, and is left out where it would touch one already
/// written (names never overwrite each other, nor are they cut at the edge).
fn labels(s: &StaticInfo, area: Rect) -> Vec<(&crate::drill::engine::PlaceInfo, i32)> {
    let width = area.width.saturating_sub(2).max(1) as f64;
    let cell = cell_of(s, area);
    let home_town = s.role_place.filter(|&p| s.places[p].rank == 1);
    let mut order: Vec<&crate::drill::engine::PlaceInfo> =
        s.places.iter().filter(|p| p.rank <= 1).collect();
    order.sort_by_key(|p| p.rank);
    if let Some(town) = home_town {
        order.extend(
            s.places
                .iter()
                .filter(|p| p.rank == 2 && p.parent == Some(town)),
        );
    }
    // Taken spans per row: [from, to) in cells; the places' own marks first, so no name
    // hides another place.
    let mut taken: Vec<(i32, i32, i32)> = order
        .iter()
        .map(|p| {
            let (cx, cy) = cell(p.x_km, p.y_km);
            (cy, cx, cx + 1)
        })
        .collect();
    let mut out = Vec::new();
    for p in order {
        let (cx, cy) = cell(p.x_km, p.y_km);
        let w = p.name.width() as i32;
        let right = (cx + 2, cx + 2 + w);
        let left = (cx - 1 - w, cx - 1);
        let fits = |(a, b): (i32, i32)| {
            a >= 0
                && b <= width as i32
                && !taken
                    .iter()
                    .any(|&(row, ta, tb)| row == cy && a < tb + 1 && ta < b + 1)
        };
        let place = [right, left].into_iter().find(|&span| fits(span));
        if let Some((a, b)) = place {
            taken.push((cy, a, b));
            out.push((p, a));
        }
    }
    out
}
