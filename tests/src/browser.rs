//! Headless Chromium driven over WebDriver (fantoccini and the system's chromedriver), for the
//! end-to-end tests of the app: a fresh profile per browser, so each starts like a new tablet.

use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

use crate::env::temp_dir;

/// One browser session and the chromedriver behind it (killed on drop).
pub struct Browser {
    /// The WebDriver client.
    pub client: Client,
    _driver: tokio::process::Child,
}

impl Browser {
    /// Starts chromedriver on a free port and opens a headless Chromium with a new profile.
    pub async fn start() -> Browser {
        let port = crate::free_port();
        let driver = tokio::process::Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("chromedriver runs (the test command installs chromium-driver)");
        let profile = temp_dir("chromium");
        let args = [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--window-size=1280,900",
        ]
        .map(String::from)
        .into_iter()
        .chain([format!("--user-data-dir={}", profile.display())])
        .collect::<Vec<_>>();
        let mut caps = serde_json::Map::new();
        caps.insert("goog:chromeOptions".into(), json!({ "args": args }));
        // Keeps the page's console, which `close` checks for errors.
        caps.insert("goog:loggingPrefs".into(), json!({ "browser": "ALL" }));
        let url = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        let client = loop {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector)
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(client) => break client,
                Err(_) if started.elapsed() < Duration::from_secs(20) => {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => panic!("no WebDriver session: {e}"),
            }
        };
        Browser {
            client,
            _driver: driver,
        }
    }

    /// Saves what the page shows as `<target>/screenshots/{name}.png` (the test run's artifacts)
    /// and returns its path.
    pub async fn screenshot(&self, name: &str) -> std::path::PathBuf {
        let target = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into());
        let dir = std::path::Path::new(&target).join("screenshots");
        std::fs::create_dir_all(&dir).expect("screenshots folder");
        let path = dir.join(format!("{name}.png"));
        let png = self.client.screenshot().await.expect("a screenshot");
        std::fs::write(&path, png).expect("screenshot written");
        path
    }

    /// Prints the page as Chromium's print to PDF does (A4, the print style sheet), saves it
    /// as `<target>/screenshots/{name}.pdf` beside the screenshots, and returns its path.
    pub async fn print_to_pdf(&self, name: &str) -> std::path::PathBuf {
        use base64::Engine;
        let printed = self
            .cdp(
                "Page.printToPDF",
                serde_json::json!({"paperWidth": 8.27, "paperHeight": 11.69, "printBackground": true}),
            )
            .await;
        let data = printed["data"].as_str().expect("a PDF in base64");
        let pdf = base64::engine::general_purpose::STANDARD
            .decode(data)
            .expect("base64");
        let target = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into());
        let dir = std::path::Path::new(&target).join("screenshots");
        std::fs::create_dir_all(&dir).expect("screenshots folder");
        let path = dir.join(format!("{name}.pdf"));
        std::fs::write(&path, pdf).expect("PDF written");
        path
    }

    /// The page's visible text.
    pub async fn text(&self) -> String {
        match self.client.find(Locator::Css("body")).await {
            Ok(body) => body.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        }
    }

    /// Waits until the page shows `needle`; panics with what it shows after `secs` seconds.
    pub async fn wait_for_text(&self, needle: &str, secs: u64) {
        let started = Instant::now();
        loop {
            let text = self.text().await;
            if text.contains(needle) {
                return;
            }
            if started.elapsed() > Duration::from_secs(secs) {
                panic!("after {secs} s the page does not show {needle:?}; it shows:\n{text}");
            }
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }

    /// Waits until a service worker controls the page (it has cached the app shell by then:
    /// it activates only after its install step).
    pub async fn wait_for_service_worker(&self, secs: u64) {
        let started = Instant::now();
        loop {
            let controlled = self
                .client
                .execute("return !!navigator.serviceWorker.controller;", vec![])
                .await
                .unwrap();
            if controlled == serde_json::Value::Bool(true) {
                return;
            }
            assert!(
                started.elapsed() < Duration::from_secs(secs),
                "no service worker controls the page after {secs} s"
            );
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }

    /// Opens the app at `url` and signs in as `user`.
    pub async fn open_signed_in(&self, url: &str, user: &str, password: &str) {
        self.client.goto(url).await.unwrap();
        self.sign_in(user, password).await;
    }

    /// The element `css` selects, once the page shows it (up to fantoccini's default wait).
    pub async fn element(&self, css: &str) -> fantoccini::elements::Element {
        match self.client.wait().for_element(Locator::Css(css)).await {
            Ok(element) => element,
            Err(e) => panic!(
                "the page shows no {css}: {e}; it shows:\n{}",
                self.text().await
            ),
        }
    }

    /// Touches the work order `id` in the list, opening its detail screen.
    pub async fn open_work_order(&self, id: uuid::Uuid) {
        self.element(&format!("tr[data-id='{id}']"))
            .await
            .click()
            .await
            .unwrap();
    }

    /// Touches the button that reads `text`. A button redrawn between being found and being
    /// touched (the screen updated meanwhile) is found again, as a person would touch it again.
    pub async fn click_button(&self, text: &str) {
        let xpath = format!("//button[normalize-space(.)='{text}']");
        for _ in 0..5 {
            let button = self
                .client
                .wait()
                .for_element(Locator::XPath(&xpath))
                .await
                .unwrap_or_else(|e| panic!("no button «{text}»: {e}"));
            match button.click().await {
                Ok(()) => return,
                Err(fantoccini::error::CmdError::Standard(e))
                    if e.error == fantoccini::error::ErrorStatus::StaleElementReference =>
                {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => panic!("the button «{text}» could not be touched: {e}"),
            }
        }
        panic!("the button «{text}» kept being redrawn");
    }

    /// Replaces what the input or text area named `name` holds with `text`, typed.
    pub async fn type_into(&self, name: &str, text: &str) {
        let input = self.element(&format!("[name={name}]")).await;
        input.clear().await.unwrap();
        input.send_keys(text).await.unwrap();
    }

    /// Replaces the text of the input `css` selects with `text`, typed (a tab at its end leaves
    /// the field, saving it).
    pub async fn replace_text(&self, css: &str, text: &str) {
        self.type_keys(css, text, true).await
    }

    /// Types `text` into the input `css` selects (a file input takes a path).
    pub async fn send_keys_to(&self, css: &str, text: &str) {
        self.type_keys(css, text, false).await
    }

    /// The element is found again if the page redrew it meanwhile (a save or a sync redraws
    /// the detail).
    async fn type_keys(&self, css: &str, text: &str, clear: bool) {
        for _ in 0..20 {
            let input = self.element(css).await;
            let typed = async {
                if clear {
                    input.clear().await?;
                }
                input.send_keys(text).await
            };
            match typed.await {
                Ok(()) => return,
                Err(fantoccini::error::CmdError::Standard(e))
                    if e.error == fantoccini::error::ErrorStatus::StaleElementReference =>
                {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => panic!("could not type into {css}: {e}"),
            }
        }
        panic!("{css} kept being redrawn");
    }

    /// Creates a work order in the app's form (folio, oficio, description, the client's and
    /// the project's managers) and waits for its detail.
    pub async fn create_work_order(&self, folio: &str, oficio: &str, descripcion: &str) {
        self.click_button("Nueva orden").await;
        for (name, text) in [
            ("orden_trabajo", folio),
            ("oficio_ot", oficio),
            ("descripcion_trabajo", descripcion),
            ("responsable_cliente", "Ing. Laura Méndez"),
        ] {
            self.type_into(name, text).await;
        }
        self.choose("id_responsable_proyecto", "1").await;
        self.click_button("Crear orden").await;
        self.wait_for_text("Historial de estatus", 10).await;
    }

    /// Picks the option with value `value` in the select named `name`.
    pub async fn choose(&self, name: &str, value: &str) {
        self.element(&format!("select[name={name}]"))
            .await
            .select_by_value(value)
            .await
            .unwrap();
    }

    /// Fills the first sign-in form on the page and submits it.
    pub async fn sign_in(&self, user: &str, password: &str) {
        let form = match self
            .client
            .wait()
            .at_most(Duration::from_secs(15))
            .for_element(Locator::Css("form.ingreso"))
            .await
        {
            Ok(form) => form,
            Err(e) => panic!(
                "no sign-in form ({e}); the page shows:\n{}",
                self.text().await
            ),
        };
        // Typed key by key, as a person would: the app's inputs listen to `input` events.
        for (name, text) in [("usuario", user), ("contrasena", password)] {
            form.find(Locator::Css(&format!("input[name={name}]")))
                .await
                .unwrap()
                .send_keys(text)
                .await
                .unwrap();
        }
        form.find(Locator::Css("button[type=submit]"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
    }

    /// Runs the DevTools protocol command `cmd` with `params`, answering its result.
    pub async fn cdp(&self, cmd: &str, params: serde_json::Value) -> serde_json::Value {
        let command = Cdp {
            cmd: cmd.to_owned(),
            params,
        };
        self.client
            .issue_cmd(command)
            .await
            .unwrap_or_else(|e| panic!("chromedriver ran no {cmd}: {e}"))
    }

    /// The bytes the page's site uses of its storage (`navigator.storage.estimate()`).
    pub async fn storage_usage(&self) -> u64 {
        let usage = self
            .client
            .execute_async(
                "const done = arguments[0];
                 navigator.storage.estimate().then(e => done(e.usage));",
                vec![],
            )
            .await
            .unwrap();
        usage.as_u64().expect("a usage in bytes")
    }

    /// Closes the session (the profile directory stays, like a tablet switched off), and fails
    /// the test if the page wrote any error to its console.
    pub async fn close(self) {
        let errors = self.console_errors().await;
        let _ = self.client.close().await;
        assert!(errors.is_empty(), "the page logged errors: {errors:#?}");
    }

    /// The errors the page wrote to its console since the last call: panics, uncaught
    /// exceptions, `console.error`. Failed requests (source `network`) are left out: a tablet
    /// offline or a stopped server makes them on purpose.
    pub async fn console_errors(&self) -> Vec<String> {
        let entries = self
            .client
            .issue_cmd(BrowserLog)
            .await
            .expect("chromedriver gives the browser's log");
        entries
            .as_array()
            .into_iter()
            .flatten()
            .filter(|e| e["level"] == "SEVERE" && e["source"] != "network")
            .map(|e| e["message"].as_str().unwrap_or_default().to_owned())
            .collect()
    }
}

/// A DevTools protocol command run by chromedriver (`goog/cdp/execute`): what WebDriver cannot
/// do, such as lowering a site's storage quota.
#[derive(Debug)]
struct Cdp {
    cmd: String,
    params: serde_json::Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.cmd, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}

/// chromedriver's command for the browser's console log (not part of W3C WebDriver, so not one
/// of fantoccini's).
#[derive(Debug)]
struct BrowserLog;

impl fantoccini::wd::WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/se/log",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(r#"{"type":"browser"}"#.to_owned()))
    }
}
