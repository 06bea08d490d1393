//! MS Project XML (MSPDI) schedules, read natively with quick-xml: tasks with their outline
//! (parent from the outline levels, as MS Project does), dates, durations, progress and
//! predecessor links. Links must point at tasks of the file and must not loop.

use std::collections::{HashMap, VecDeque};
use std::str::FromStr;

use chrono::NaiveDateTime;
use quick_xml::Reader;
use quick_xml::events::Event;
use rust_decimal::Decimal;
use serde::Serialize;

use super::{ImportError, Limits, Progress};

/// How a predecessor constrains its successor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum LinkType {
    /// Finish to start.
    FS,
    /// Start to start.
    SS,
    /// Finish to finish.
    FF,
    /// Start to finish.
    SF,
}

impl LinkType {
    /// MSPDI's `Type`: 0 FF, 1 FS, 2 SF, 3 SS.
    fn from_code(code: &str) -> Option<LinkType> {
        Some(match code {
            "0" => LinkType::FF,
            "1" => LinkType::FS,
            "2" => LinkType::SF,
            "3" => LinkType::SS,
            _ => return None,
        })
    }

    /// The two-letter name.
    pub fn as_str(self) -> &'static str {
        match self {
            LinkType::FS => "FS",
            LinkType::SS => "SS",
            LinkType::FF => "FF",
            LinkType::SF => "SF",
        }
    }
}

/// A predecessor of a task.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Link {
    /// The predecessor's UID.
    pub uid: i64,
    /// The kind of link.
    pub tipo: LinkType,
    /// Lag in hours (negative for lead).
    pub retraso_horas: Decimal,
}

/// One task of a schedule.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Task {
    /// Stable id across versions of the same project.
    pub uid: i64,
    /// The row number in MS Project.
    pub id: Option<i64>,
    /// Work breakdown code.
    pub wbs: String,
    /// Name.
    pub nombre: String,
    /// Outline level (1 for top-level tasks).
    pub nivel: i32,
    /// The UID of the summary task above, if any.
    pub padre: Option<i64>,
    /// Start.
    pub inicio: Option<NaiveDateTime>,
    /// Finish.
    pub fin: Option<NaiveDateTime>,
    /// Duration in hours.
    pub duracion_horas: Option<Decimal>,
    /// Percent complete.
    pub porcentaje_completado: Option<Decimal>,
    /// A milestone.
    pub hito: bool,
    /// A summary task.
    pub resumen: bool,
    /// Predecessors.
    pub predecesoras: Vec<Link>,
}

/// Reads an MSPDI file. The project summary task (UID 0) is not one of the tasks.
pub fn parse(xml: &[u8], limits: &Limits, progress: &Progress) -> Result<Vec<Task>, ImportError> {
    let text =
        std::str::from_utf8(xml).map_err(|_| ImportError::InvalidXml("no está en UTF-8".into()))?;
    let mut tasks = read_tasks(text, limits, progress)?;
    if tasks.is_empty() {
        return Err(ImportError::EmptySchedule);
    }
    assign_parents(&mut tasks);
    check_links(&tasks)?;
    Ok(tasks)
}

fn invalid(e: impl std::fmt::Display) -> ImportError {
    ImportError::InvalidXml(e.to_string())
}

fn read_tasks(text: &str, limits: &Limits, progress: &Progress) -> Result<Vec<Task>, ImportError> {
    let mut reader = Reader::from_str(text);
    let mut tasks = TaskReader::default();
    loop {
        match reader.read_event().map_err(invalid)? {
            Event::Start(e) => tasks.start(e.local_name().as_ref())?,
            Event::Text(t) => tasks.value.push_str(&t.xml10_content()),
            Event::CData(t) => tasks.value.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => tasks.value.push(entity(&r)?),
            Event::End(_) if tasks.end()? => {
                progress.advance(1);
                if tasks.tasks.len() as u64 > limits.max_rows {
                    return Err(ImportError::TooManyRows {
                        limit: limits.max_rows,
                    });
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !tasks.path.is_empty() {
        return Err(ImportError::InvalidXml(
            "el XML termina antes de cerrarse".into(),
        ));
    }
    Ok(tasks.tasks)
}

/// Where the reader is in `Project/Tasks/Task[/PredecessorLink]` and what it has gathered.
#[derive(Default)]
struct TaskReader {
    path: Vec<String>,
    value: String,
    task: Task,
    link: Option<Link>,
    is_null: bool,
    tasks: Vec<Task>,
}

impl TaskReader {
    fn start(&mut self, name: &str) -> Result<(), ImportError> {
        if self.path.is_empty() && name != "Project" {
            return Err(ImportError::InvalidXml(format!(
                "la raíz es <{name}>, no <Project>"
            )));
        }
        match (self.path.len(), name) {
            (2, "Task") if self.path[1] == "Tasks" => {
                self.task = Task::default();
                self.is_null = false;
            }
            (3, "PredecessorLink") if in_task(&self.path) => {
                self.link = Some(Link {
                    uid: -1,
                    tipo: LinkType::FS,
                    retraso_horas: Decimal::ZERO,
                });
            }
            _ => {}
        }
        self.path.push(name.to_owned());
        self.value.clear();
        Ok(())
    }

    /// Closes an element; true when it completed a task.
    fn end(&mut self) -> Result<bool, ImportError> {
        let Some(name) = self.path.pop() else {
            return Ok(false);
        };
        let value = std::mem::take(&mut self.value);
        let value = value.trim();
        let path = &self.path;
        match path.len() {
            4 if path[3] == "PredecessorLink" && in_task(path) => {
                if let Some(l) = self.link.as_mut() {
                    link_field(l, &name, value)?;
                }
            }
            3 if in_task(path) && name == "PredecessorLink" => {
                self.task.predecesoras.extend(self.link.take());
            }
            3 if in_task(path) && name == "IsNull" => self.is_null = value == "1",
            3 if in_task(path) => task_field(&mut self.task, &name, value)?,
            // Blank rows (IsNull) and the project summary (UID 0) are not tasks.
            2 if name == "Task" && path[1] == "Tasks" => {
                let summary = self.task.uid == 0 && self.task.nivel == 0;
                if !(self.is_null || summary) {
                    self.tasks.push(std::mem::take(&mut self.task));
                    return Ok(true);
                }
            }
            _ => {}
        }
        Ok(false)
    }
}

fn in_task(path: &[String]) -> bool {
    path.len() >= 3 && path[1] == "Tasks" && path[2] == "Task"
}

/// Only XML's own entities and character references: a DTD's entities are never expanded,
/// which is what makes "billion laughs" files harmless here.
fn entity(r: &quick_xml::events::BytesRef<'_>) -> Result<char, ImportError> {
    if let Some(c) = r.resolve_char_ref().map_err(invalid)? {
        return Ok(c);
    }
    match r.xml10_content().as_ref() {
        "amp" => Ok('&'),
        "lt" => Ok('<'),
        "gt" => Ok('>'),
        "quot" => Ok('"'),
        "apos" => Ok('\''),
        other => Err(ImportError::InvalidXml(format!(
            "entidad desconocida &{other};"
        ))),
    }
}

fn task_field(task: &mut Task, name: &str, v: &str) -> Result<(), ImportError> {
    let bad = |what: &str| {
        ImportError::InvalidXml(format!(
            "{what} «{v}» no es válido en la tarea {}",
            task.uid
        ))
    };
    match name {
        "UID" => task.uid = v.parse().map_err(|_| bad("UID"))?,
        "ID" => task.id = v.parse().ok(),
        "Name" => task.nombre = v.to_owned(),
        "WBS" => task.wbs = v.to_owned(),
        "OutlineLevel" => task.nivel = v.parse().map_err(|_| bad("OutlineLevel"))?,
        "Start" => task.inicio = date_time(v).ok_or_else(|| bad("Start"))?,
        "Finish" => task.fin = date_time(v).ok_or_else(|| bad("Finish"))?,
        "Duration" => task.duracion_horas = Some(duration_hours(v).ok_or_else(|| bad("Duration"))?),
        "PercentComplete" => {
            task.porcentaje_completado =
                Some(Decimal::from_str(v).map_err(|_| bad("PercentComplete"))?)
        }
        "Milestone" => task.hito = v == "1",
        "Summary" => task.resumen = v == "1",
        _ => {}
    }
    Ok(())
}

fn link_field(link: &mut Link, name: &str, v: &str) -> Result<(), ImportError> {
    let bad = || ImportError::InvalidXml(format!("PredecessorLink/{name} «{v}» no es válido"));
    match name {
        "PredecessorUID" => link.uid = v.parse().map_err(|_| bad())?,
        "Type" => link.tipo = LinkType::from_code(v).ok_or_else(bad)?,
        // Tenths of a minute.
        "LinkLag" => {
            let tenths = Decimal::from_str(v).map_err(|_| bad())?;
            link.retraso_horas = (tenths / Decimal::from(600)).normalize();
        }
        _ => {}
    }
    Ok(())
}

/// An empty date is no date; MSPDI dates have no time zone.
fn date_time(v: &str) -> Option<Option<NaiveDateTime>> {
    if v.is_empty() {
        return Some(None);
    }
    NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M:%S")
        .ok()
        .map(Some)
}

/// `PT40H0M0S`, `P2DT4H30M0S` (a day is 24 h), `-PT8H0M0S` → hours.
fn duration_hours(v: &str) -> Option<Decimal> {
    let (negative, v) = match v.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, v),
    };
    let v = v.strip_prefix('P')?;
    let (days, time) = v.split_once('T').unwrap_or((v, ""));
    let mut hours = Decimal::ZERO;
    if !days.is_empty() {
        hours += Decimal::from_str(days.strip_suffix('D')?).ok()? * Decimal::from(24);
    }
    let mut number = String::new();
    for c in time.chars() {
        let per_hour = match c {
            'H' => Decimal::ONE,
            'M' => Decimal::from(60),
            'S' => Decimal::from(3600),
            _ => {
                number.push(c);
                continue;
            }
        };
        hours += Decimal::from_str(&number).ok()? / per_hour;
        number.clear();
    }
    if !number.is_empty() {
        return None;
    }
    let hours = hours.round_dp(4).normalize();
    Some(if negative { -hours } else { hours })
}

/// Tasks are listed in outline order: the parent of a task is the last task above it with a
/// lower outline level.
fn assign_parents(tasks: &mut [Task]) {
    let mut open: Vec<(i32, i64)> = Vec::new();
    for task in tasks {
        while open.last().is_some_and(|(level, _)| *level >= task.nivel) {
            open.pop();
        }
        task.padre = open.last().map(|(_, uid)| *uid);
        open.push((task.nivel, task.uid));
    }
}

/// Every link points at a task of the file, UIDs are unique, and links do not loop (Kahn's
/// algorithm: what cannot be ordered is on a cycle).
fn check_links(tasks: &[Task]) -> Result<(), ImportError> {
    let mut index: HashMap<i64, usize> = HashMap::with_capacity(tasks.len());
    for (i, t) in tasks.iter().enumerate() {
        if index.insert(t.uid, i).is_some() {
            return Err(ImportError::InvalidXml(format!(
                "el UID {} está repetido",
                t.uid
            )));
        }
    }
    let mut waiting = vec![0usize; tasks.len()];
    let mut successors: Vec<Vec<usize>> = vec![Vec::new(); tasks.len()];
    for (i, t) in tasks.iter().enumerate() {
        for link in &t.predecesoras {
            let &p = index
                .get(&link.uid)
                .ok_or(ImportError::MissingPredecessor {
                    task: t.uid,
                    predecessor: link.uid,
                })?;
            successors[p].push(i);
            waiting[i] += 1;
        }
    }
    let mut ready: VecDeque<usize> = (0..tasks.len()).filter(|&i| waiting[i] == 0).collect();
    let mut ordered = 0;
    while let Some(i) = ready.pop_front() {
        ordered += 1;
        for &s in &successors[i] {
            waiting[s] -= 1;
            if waiting[s] == 0 {
                ready.push_back(s);
            }
        }
    }
    if ordered < tasks.len() {
        let mut looped: Vec<i64> = (0..tasks.len())
            .filter(|&i| waiting[i] > 0)
            .map(|i| tasks[i].uid)
            .collect();
        looped.sort_unstable();
        looped.truncate(20);
        return Err(ImportError::Cycle(looped));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(xml: &str) -> Result<Vec<Task>, ImportError> {
        parse(xml.as_bytes(), &Limits::default(), &Progress::default())
    }

    fn task(uid: i64, level: i32, preds: &str) -> String {
        format!(
            "<Task><UID>{uid}</UID><ID>{uid}</ID><Name>T&amp;{uid}</Name><OutlineLevel>{level}</OutlineLevel>\
             <Start>2026-01-05T08:00:00</Start><Finish>2026-01-06T17:00:00</Finish>\
             <Duration>PT16H0M0S</Duration><PercentComplete>50</PercentComplete>{preds}\
             <Baseline><Duration>PT99H0M0S</Duration></Baseline></Task>"
        )
    }

    fn project(tasks: &[String]) -> String {
        format!(
            "<?xml version=\"1.0\"?><Project xmlns=\"http://schemas.microsoft.com/project\"><Name>x</Name>\
             <Tasks><Task><UID>0</UID><OutlineLevel>0</OutlineLevel><Name>Proyecto</Name></Task>{}</Tasks>\
             <Resources><Resource><UID>7</UID><Name>R</Name></Resource></Resources></Project>",
            tasks.concat()
        )
    }

    fn link(uid: i64, tipo: u8, lag: i64) -> String {
        format!(
            "<PredecessorLink><PredecessorUID>{uid}</PredecessorUID><Type>{tipo}</Type><LinkLag>{lag}</LinkLag></PredecessorLink>"
        )
    }

    #[test]
    fn tasks_outline_and_links() {
        let tasks = parse_str(&project(&[
            task(1, 1, ""),
            task(2, 2, ""),
            task(3, 2, &link(2, 3, 4800)),
            task(4, 1, &link(3, 0, 0)),
        ]))
        .unwrap();
        assert_eq!(tasks.len(), 4);
        assert_eq!(tasks[0].nombre, "T&1");
        assert_eq!(
            tasks.iter().map(|t| t.padre).collect::<Vec<_>>(),
            [None, Some(1), Some(1), None]
        );
        assert_eq!(tasks[1].duracion_horas, Some(Decimal::from(16)));
        assert_eq!(
            tasks[2].predecesoras,
            [Link {
                uid: 2,
                tipo: LinkType::SS,
                retraso_horas: Decimal::from(8)
            }]
        );
        assert_eq!(tasks[3].predecesoras[0].tipo, LinkType::FF);
    }

    #[test]
    fn cycles_and_missing_links_are_refused() {
        let looped = parse_str(&project(&[
            task(1, 1, &link(2, 1, 0)),
            task(2, 1, &link(1, 1, 0)),
        ]));
        assert!(matches!(looped, Err(ImportError::Cycle(ref uids)) if uids == &[1, 2]));
        let missing = parse_str(&project(&[task(1, 1, &link(9, 1, 0))]));
        assert!(matches!(
            missing,
            Err(ImportError::MissingPredecessor {
                task: 1,
                predecessor: 9
            })
        ));
    }

    #[test]
    fn not_a_schedule() {
        assert!(matches!(
            parse_str("<html><body/></html>"),
            Err(ImportError::InvalidXml(_))
        ));
        assert!(matches!(
            parse_str("<Project><Tasks>"),
            Err(ImportError::InvalidXml(_))
        ));
        assert!(matches!(
            parse_str(&project(&[])),
            Err(ImportError::EmptySchedule)
        ));
    }

    #[test]
    fn durations() {
        assert_eq!(duration_hours("PT40H0M0S"), Some(Decimal::from(40)));
        assert_eq!(duration_hours("PT7H30M0S"), Some(Decimal::new(75, 1)));
        assert_eq!(duration_hours("P1DT2H"), Some(Decimal::from(26)));
        assert_eq!(duration_hours("40h"), None);
    }
}
