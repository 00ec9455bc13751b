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
    let mut legend_text = format!(" {} ", lang.t(Text::Legend));
    let mut blocked = blocked_list(s, snap, area.width as usize, legend_text.width());
    if blocked.ends_with(": … ") {
        // Not one id beside the legend: the ids of the cuts (which say what `#` is) go first.
        blocked = blocked_list(s, snap, area.width as usize, 0);
        legend_text.clear();
    }
    let legend = Line::from(legend_text).alignment(Alignment::Right);
    let inner_width = area.width.saturating_sub(2).max(1) as f64;
    let show_town_names = area.width >= 60;
    let show_village_dots = s.places.len() <= 400;
    let names = if show_town_names {
        labels(s, area)
    } else {
        Vec::new()
    };
    let canvas = Canvas::default()
        .block(
            block(title, theme, focused)
                .title_bottom(legend)
                .title_bottom(Line::from(blocked).alignment(Alignment::Left)),
        )
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
                // place, an incident, a team, a name or another cut's time.
                if show_town_names {
                    let cell_km = (x1 - x0) / (inner_width - 1.0).max(1.0);
                    for (y, start, text) in cut_labels(s, snap, &names, area, show_village_dots) {
                        ctx.print(
                            x0 + (start as f64 + 0.5) * cell_km,
                            y,
                            Span::styled(text, theme.fg(Color::Red)),
                        );
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
                for &(p, start) in &names {
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

/// The place names the map writes, and the column each starts at: the county seat,
/// then the towns, then the villages of the seat's own town; a name goes right of its place,
/// or left where it would run off the map, and is left out where it would touch one already
/// written (names never overwrite each other, nor are they cut at the edge).
fn labels(s: &StaticInfo, area: Rect) -> Vec<(&crate::drill::engine::PlaceInfo, i32)> {
    let (x0, x1, y0, y1) = s.bounds;
    let width = area.width.saturating_sub(2).max(1) as f64;
    let height = area.height.saturating_sub(2).max(1) as f64;
    // The cell the canvas puts a point in (as ratatui's canvas maps its labels).
    let cell = |x: f64, y: f64| {
        (
            ((x - x0) * (width - 1.0) / (x1 - x0)).max(0.0) as i32,
            ((y1 - y) * (height - 1.0) / (y1 - y0)).max(0.0) as i32,
        )
    };
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

/// The times written beside reported road cuts: (y in km, first column, text). A time goes right
/// of its `#`, or left of it, and is left out where it would cover a place's mark, an incident,
/// a team, a road mark or a name, or touch another time — the canvas prints these first, and a
/// time half covered by what comes after it would be misread.
fn cut_labels(
    s: &StaticInfo,
    snap: Option<&crate::drill::engine::Snapshot>,
    names: &[(&crate::drill::engine::PlaceInfo, i32)],
    area: Rect,
    village_dots: bool,
) -> Vec<(f64, i32, String)> {
    let Some(snap) = snap else {
        return Vec::new();
    };
    let (x0, x1, y0, y1) = s.bounds;
    let width = area.width.saturating_sub(2).max(1) as f64;
    let height = area.height.saturating_sub(2).max(1) as f64;
    let cell = |x: f64, y: f64| {
        (
            ((x - x0) * (width - 1.0) / (x1 - x0)).max(0.0) as i32,
            ((y1 - y) * (height - 1.0) / (y1 - y0)).max(0.0) as i32,
        )
    };
    // Single cells something else is drawn in (row, column).
    let mut marks: Vec<(i32, i32)> = Vec::new();
    for p in &s.places {
        if p.rank <= 1 || village_dots {
            marks.push(cell(p.x_km, p.y_km));
        }
    }
    for i in snap.incidents.iter().filter(|i| !i.closed) {
        marks.push(cell(i.x_km, i.y_km));
    }
    for t in snap
        .teams
        .iter()
        .filter(|t| t.status != TeamStatusKind::Available)
    {
        marks.push(cell(t.x_km, t.y_km));
    }
    // A cut whose `#` is hidden under one of these gets no time: it would point at the wrong
    // thing.
    let covering = marks.len();
    let states: Vec<(usize, LinkState)> = match &snap.road_states {
        Some(all) => all.iter().copied().enumerate().collect(),
        None => snap.reported_roads.iter().map(|r| (r.0, r.1)).collect(),
    };
    let midpoint = |i: usize| {
        let (a, b, _) = s.roads[i];
        let (pa, pb) = (&s.places[a], &s.places[b]);
        ((pa.x_km + pb.x_km) / 2.0, (pa.y_km + pb.y_km) / 2.0)
    };
    for &(i, state) in &states {
        if state != LinkState::Open && i < s.roads.len() {
            let (mx, my) = midpoint(i);
            marks.push(cell(mx, my));
        }
    }
    // Spans already written (row, from, to): the names, then each time placed.
    let mut spans: Vec<(i32, i32, i32)> = names
        .iter()
        .map(|(p, start)| {
            let (_, cy) = cell(p.x_km, p.y_km);
            (cy, *start, *start + p.name.width() as i32)
        })
        .collect();
    let mut out = Vec::new();
    for &(i, state, at) in &snap.reported_roads {
        if state != LinkState::Blocked || i >= s.roads.len() {
            continue;
        }
        let (mx, my) = midpoint(i);
        let (cx, cy) = cell(mx, my);
        if marks[..covering].contains(&(cx, cy)) {
            continue;
        }
        let text = clock(at);
        let w = text.width() as i32;
        let fits = |(a, b): (i32, i32)| {
            a >= 0
                && b <= width as i32
                && !marks
                    .iter()
                    .any(|&(mc, mr)| mr == cy && (a..b).contains(&mc))
                && !spans
                    .iter()
                    .any(|&(row, sa, sb)| row == cy && a < sb + 1 && sa < b + 1)
        };
        if let Some((a, b)) = [(cx + 1, cx + 1 + w), (cx - w, cx)]
            .into_iter()
            .find(|&span| fits(span))
        {
            spans.push((cy, a, b));
            out.push((my, a, text));
        }
    }
    out
}

/// The ids of the blocked roads the seat knows, for the map's bottom edge (the ids an order
/// names: `dispatch TEAM clear r012`): a player's latest found first, the controller's in road
/// order; as many as fit left of the legend, then `…`. Empty when none is known blocked.
fn blocked_list(
    s: &StaticInfo,
    snap: Option<&crate::drill::engine::Snapshot>,
    width: usize,
    legend: usize,
) -> String {
    let Some(snap) = snap else {
        return String::new();
    };
    let mut ids: Vec<&str> = match &snap.road_states {
        Some(all) => all
            .iter()
            .enumerate()
            .filter(|(_, st)| **st == LinkState::Blocked)
            .filter_map(|(i, _)| s.roads.get(i).map(|r| r.2.as_str()))
            .collect(),
        None => {
            let mut cuts: Vec<&(usize, LinkState, u32)> = snap
                .reported_roads
                .iter()
                .filter(|r| r.1 == LinkState::Blocked)
                .collect();
            cuts.sort_by_key(|r| std::cmp::Reverse(r.2));
            cuts.iter()
                .filter_map(|r| s.roads.get(r.0).map(|r| r.2.as_str()))
                .collect()
        }
    };
    if ids.is_empty() {
        return String::new();
    }
    let room = width.saturating_sub(legend + 4);
    let mut out = format!(" {}:", s.lang.t(Text::BlockedRoads));
    let total = ids.len();
    for (n, id) in ids.drain(..).enumerate() {
        let more = if n + 1 < total { 2 } else { 0 };
        if out.width() + 1 + id.width() + more + 1 > room {
            out.push_str(" …");
            break;
        }
        out.push(' ');
        out.push_str(id);
    }
    out.push(' ');
    if out.width() > room {
        String::new()
    } else {
        out
    }
}
