//! The HTML of Django's sign-in pages, in Spanish: the sign-in form, the sign-out
//! confirmation and the CSRF refusal. Every value a request brought is escaped.

use html_escape::encode_double_quoted_attribute as attribute;
use html_escape::encode_text as text;

/// The pages' shell: a centred card, styled inline (the pages load nothing else).
fn shell(title: &str, body: &str) -> String {
    format!(
        r#"<!doctype html>
<html lang="es"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · OTE</title>
<style>
body{{font-family:system-ui,sans-serif;background:#eef2f5;margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center}}
main{{background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 4px rgba(0,0,0,.2);width:20rem}}
h1{{font-size:1.3rem;margin:0 0 1rem}}
label{{display:block;margin-top:1rem;font-weight:600}}
input{{display:block;width:100%;box-sizing:border-box;padding:.5rem;margin-top:.3rem;font-size:1rem}}
button{{margin-top:1.5rem;width:100%;padding:.6rem;font-size:1rem;background:#0b5394;color:#fff;border:0;border-radius:4px}}
.error{{color:#a50e0e;background:#fce8e6;padding:.5rem;border-radius:4px}}
</style></head>
<body><main><h1>{title}</h1>
{body}
</main></body></html>"#
    )
}

/// The sign-in form: `csrf` echoed as `csrfmiddlewaretoken`, `next` kept, the username
/// typed before (after a failure) filled in, and the failure's message.
pub fn login(csrf: &str, next: &str, username: &str, failure: Option<&str>) -> String {
    let failure = failure
        .map(|m| format!(r#"<p class="error" role="alert">{}</p>"#, text(m)))
        .unwrap_or_default();
    let body = format!(
        r#"{failure}<form method="post" action="/accounts/login/">
<input type="hidden" name="csrfmiddlewaretoken" value="{csrf}">
<input type="hidden" name="next" value="{next}">
<label for="id_username">Usuario</label>
<input id="id_username" name="username" value="{username}" maxlength="64" autocomplete="username" autocapitalize="none" required autofocus>
<label for="id_password">Contraseña</label>
<input id="id_password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Iniciar sesión</button>
</form>"#,
        csrf = attribute(csrf),
        next = attribute(next),
        username = attribute(username),
    );
    shell("Iniciar sesión", &body)
}

/// Asks before signing out (a sign-out is a POST, so a link elsewhere cannot end a session).
pub fn logout(csrf: &str) -> String {
    let body = format!(
        r#"<p>¿Cerrar la sesión en este navegador?</p>
<form method="post" action="/accounts/logout/">
<input type="hidden" name="csrfmiddlewaretoken" value="{}">
<button type="submit">Cerrar sesión</button>
</form>"#,
        attribute(csrf)
    );
    shell("Cerrar sesión", &body)
}

/// A page that only says something, with a way back to the sign-in form.
pub fn message(title: &str, message: &str) -> String {
    let body = format!(
        r#"<p>{}</p><p><a href="/accounts/login/">Volver a iniciar sesión</a></p>"#,
        text(message)
    );
    shell(title, &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_a_request_brought_is_escaped() {
        let page = login("t", "/\"><script>", "<b>ana</b>", Some("<i>mal</i>"));
        assert!(!page.contains("<script>"));
        assert!(!page.contains("<b>ana"));
        assert!(!page.contains("<i>mal"));
        assert!(page.contains("&lt;i&gt;mal"));
    }
}
