//! A vessel hub's page in the browser: the app the hub serves shows its link with shore, the
//! same on the tablets on board.

use ote_shared::api::upstream::EnlaceCosta;
use ote_shared::codes::{EstatusOt, TipoOt};
use ote_tests::api::Api;
use ote_tests::browser::Browser;
use ote_tests::env::{Env, built_app};
use ote_tests::hub::{Hub, VESSEL};
use ote_tests::{field_work_order, poll_until, server_bin};

#[tokio::test]
async fn the_hubs_page_tells_when_shore_was_last_reached() {
    let shore = Env::start(server_bin!()).await;
    let hub = Hub::start_serving(server_bin!(), &shore, "hub-barco-1", &built_app()).await;
    hub.wait_for(shore.demo_ot_on(EstatusOt::EnProceso, VESSEL).await, 30)
        .await;
    let api = Api::new(&hub.server.url, Some(&hub.key));
    let reached = poll_until(30, &true, || async {
        let (_, body) = api.get("/api/v1/upstream").await;
        serde_json::from_value::<EnlaceCosta>(body).is_ok_and(|l| l.ultimo_contacto.is_some())
    })
    .await;
    assert!(reached, "the hub reached shore");

    let browser = Browser::start().await;
    browser
        .open_signed_in(&hub.server.url, "tecnico", "clave-segura-1")
        .await;
    browser.wait_for_text("Tierra alcanzada", 20).await;
    browser.close().await;
    hub.stop().await;
    shore.stop().await;
}

#[tokio::test]
async fn a_reprogramming_numbered_on_board_shows_its_number_as_provisional() {
    let mut shore = Env::start(server_bin!()).await;
    let hub = Hub::start_serving(server_bin!(), &shore, "hub-barco-1", &built_app()).await;
    let principal = shore.demo_ot_on(EstatusOt::EnProceso, VESSEL).await;
    hub.wait_for(principal, 30).await;
    shore.server.kill().await;
    let tablet = hub.device();
    tablet.sync().await.unwrap();
    let mut ot = field_work_order("OT-R-PROVISIONAL");
    ot.id_tipo = TipoOt::Reprogramacion;
    ot.ot_principal = Some(principal);
    tablet.create(&ot).await;
    tablet.sync().await.unwrap();
    assert!(
        tablet.read(ot.id).num_reprogramacion.is_some(),
        "the hub numbered it"
    );

    let browser = Browser::start().await;
    browser
        .open_signed_in(&hub.server.url, "tecnico", "clave-segura-1")
        .await;
    browser.open_work_order(ot.id).await;
    browser.wait_for_text("(provisional)", 20).await;
    browser.close().await;
    hub.stop().await;
    shore.stop().await;
}
