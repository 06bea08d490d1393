//! .mpp, .mpt and .mpx schedules, which no Rust crate reads: MPXJ (Java) converts them to MS
//! Project XML in a private temporary folder, with a memory cap, a time limit and at most two
//! conversions at once (a cold JVM takes 2–5 s and about 90 MB).

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use tokio::sync::Semaphore;

use super::{ImportError, OLE_MAGIC};

/// Conversions allowed at once.
const SLOTS: usize = 2;

/// The MPXJ converter of this server.
#[derive(Debug)]
pub struct Converter {
    java: PathBuf,
    mpxj_dir: PathBuf,
    timeout: Duration,
    slots: Semaphore,
}

/// A schedule file as uploaded, by its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScheduleFormat {
    /// MS Project XML, read natively.
    Mspdi,
    /// A binary .mpp or .mpt (OLE compound file).
    Mpp,
    /// MPX text.
    Mpx,
}

impl ScheduleFormat {
    /// Tells the format by the first bytes, never by the file name.
    pub fn detect(bytes: &[u8]) -> Result<ScheduleFormat, ImportError> {
        let text_start = bytes
            .strip_prefix(b"\xEF\xBB\xBF")
            .unwrap_or(bytes)
            .trim_ascii_start();
        if bytes.starts_with(&OLE_MAGIC) {
            Ok(ScheduleFormat::Mpp)
        } else if text_start.starts_with(b"MPX") {
            Ok(ScheduleFormat::Mpx)
        } else if text_start.starts_with(b"<") {
            Ok(ScheduleFormat::Mspdi)
        } else {
            Err(ImportError::UnsupportedType(
                "El archivo no es un cronograma de MS Project (.xml, .mpp, .mpt, .mpx)".into(),
            ))
        }
    }
}

impl Converter {
    /// A converter running `java` with the jars of `mpxj_dir/lib`. Java runs inside a
    /// temporary folder, so relative paths (the default `.local/mpxj/mpxj`, a `./jdk/bin/java`)
    /// are made absolute here, against the server's working directory; a bare program name is
    /// still looked up in `PATH`.
    pub fn new(java: PathBuf, mpxj_dir: PathBuf, timeout: Duration) -> Converter {
        let java = if java.components().count() > 1 {
            absolute(java)
        } else {
            java
        };
        Converter {
            java,
            mpxj_dir: absolute(mpxj_dir),
            timeout,
            slots: Semaphore::new(SLOTS),
        }
    }

    /// The file as MS Project XML.
    pub async fn to_mspdi(
        &self,
        bytes: &[u8],
        format: ScheduleFormat,
    ) -> Result<Vec<u8>, ImportError> {
        let extension = match format {
            ScheduleFormat::Mspdi => return Ok(bytes.to_vec()),
            ScheduleFormat::Mpp => "mpp",
            ScheduleFormat::Mpx => "mpx",
        };
        let lib = self.mpxj_dir.join("lib");
        if !lib.is_dir() {
            return Err(ImportError::ConverterMissing);
        }
        let _slot = self.slots.acquire().await.expect("never closed");
        let internal = |e: std::io::Error| ImportError::Internal(e.to_string());
        // Private to this process (0700) and removed on drop.
        let dir = tempfile::tempdir().map_err(internal)?;
        let input = dir.path().join(format!("entrada.{extension}"));
        let output = dir.path().join("salida.xml");
        tokio::fs::write(&input, bytes).await.map_err(internal)?;
        let child = tokio::process::Command::new(&self.java)
            .arg("-Xmx512m")
            .arg("-cp")
            .arg(lib.join("*"))
            .arg("org.mpxj.sample.MpxjConvert")
            .arg(&input)
            .arg(&output)
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound => ImportError::ConverterMissing,
                _ => internal(e),
            })?;
        let finished = tokio::time::timeout(self.timeout, child.wait_with_output())
            .await
            .map_err(|_| ImportError::ConversionTimeout(self.timeout.as_secs()))?
            .map_err(internal)?;
        match tokio::fs::read(&output).await {
            Ok(xml) if finished.status.success() && !xml.is_empty() => Ok(xml),
            _ => Err(ImportError::ConversionFailed(last_error_line(
                &finished.stderr,
            ))),
        }
    }
}

/// `path` against the working directory; as given when there is none to read.
fn absolute(path: PathBuf) -> PathBuf {
    std::path::absolute(&path).unwrap_or(path)
}

/// The most telling line of MPXJ's output: its last exception message.
fn last_error_line(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    text.lines()
        .rev()
        .find(|l| l.contains("Exception") || l.contains("Error"))
        .or_else(|| text.lines().rev().find(|l| !l.trim().is_empty()))
        .unwrap_or("MPXJ no pudo leer el archivo")
        .trim()
        .chars()
        .take(300)
        .collect()
}
