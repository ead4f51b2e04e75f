"""Over de grens: a border region beside the Belgian and German areas across the border (Eurostat NUTS-3)."""

from __future__ import annotations

import streamlit as st

from dashboard import border_views as views
from dashboard import opening
from dashboard.plain import md
from monitor.border import texts
from monitor.border.table import INDICATORS
from monitor.exports.border import GRENS_FILE, grens_bytes

CHART_INDICATORS = ("bbp_per_inwoner_pps", "bbp_per_inwoner_euro", "aandeel_65_plus", "aandeel_jonger_dan_15",
                    "bevolkingsgroei", "bevolking")


def render() -> None:
    """Draw the page."""
    page = opening.start(uses=("region",))
    monitor, view = page.monitor, page.view
    border = views.get_border(monitor)
    names = monitor.regions.names()
    st.title(texts.TITLE)
    st.caption("De grensregio naast de Belgische arrondissementen en Duitse Kreise aan de andere kant van de grens "
               "en de drie landen, met de cijfers van Eurostat per NUTS-3-gebied. Elk gebied staat ook tegenover "
               "zijn eigen land (index, land = 100): zo is te zien of een regio die achter Nederland ligt, binnen "
               "haar land verder of minder ver achter ligt dan de buren binnen het hunne.")
    st.caption(md(texts.NO_MAP))
    if border.data is None:
        st.info(texts.NO_DATA)
        st.caption(md(border.source))
        return
    region = view.region
    if region not in border.regions():
        st.info(texts.NO_BORDER.format(region=names.get(region, region)))
        st.markdown("Grensregio's: " + ", ".join(md(names.get(r, r)) for r in border.regions()) + ".")
        st.caption(md(border.source))
        return
    rows = border.region(region)
    st.header(names[region])
    coverage = texts.coverage_text(border.coverage[border.coverage["region_id"] == region],
                                   border.data.names(), names[region])
    if coverage:
        st.warning(coverage)

    st.subheader("Positie tegenover het eigen land")
    for indicator in ("bbp_per_inwoner_pps", "aandeel_65_plus", "aandeel_jonger_dan_15"):
        sentence = texts.position_sentence(rows, indicator)
        if sentence:
            st.text(sentence)
    summary = views.summary_table(rows)
    st.dataframe(summary, hide_index=True, width="stretch", height=39 * (len(summary) + 1) + 12,
                 column_config={"Gebied": st.column_config.TextColumn(width="medium"),
                                "Rol": st.column_config.TextColumn(width="medium")})
    st.caption("Per cel: waarde · index t.o.v. het eigen land (= 100), in het laatste jaar van het eigen gebied; "
               "tussen haakjes de vlag van Eurostat (voorlopig, geschat, breuk in reeks). Bbp per inwoner in "
               "koopkrachtstandaarden (PPS) voor niveaus tussen landen, "
               "euro ernaast. Index: 100 × gebied / eigen land in hetzelfde jaar en dezelfde eenheid. " + md(border.source))

    st.subheader("Door de tijd")
    indicator = st.radio("Indicator", CHART_INDICATORS, format_func=lambda i: INDICATORS[i].title, horizontal=True,
                         key="grens_indicator")
    if INDICATORS[indicator].indexed:
        st.markdown("**Tegenover het eigen land (index, eigen land = 100)**")
        st.altair_chart(views.chart(rows, indicator, index=True), width="stretch")
    st.markdown(f"**{md(INDICATORS[indicator].title)}**")
    st.altair_chart(views.chart(rows, indicator, index=False), width="stretch")
    st.caption(f"Dikke lijn: het eigen gebied; gestreept: de landen. Punten: {md(views.FLAG_KEY)}. Een onderbroken "
               "lijn is een jaar zonder cijfer of een breuk in de reeks: er wordt niets ingevuld. " + md(border.source))
    with st.expander("Tabel bij de grafiek (alle jaren)", expanded=False):
        st.dataframe(views.series_table(rows, indicator), hide_index=True, width="stretch", height=420)

    st.subheader("Eurostat en CBS")
    own = rows.loc[rows["relatie"].isin([texts.SELF, texts.APPROXIMATE]), "nuts_code"].unique()
    for line in texts.crosscheck_text(border.agreement, own):
        st.text(line)
    st.caption("Vergeleken: bbp per inwoner in euro van Eurostat (nama_10r_3gdp) en van CBS (85924NED, regionale "
               "rekeningen per COROP-gebied, nieuwere versie). Deze pagina gebruikt alleen Eurostat, zodat beide "
               "kanten van de grens uit dezelfde bron en versie komen.")

    with st.expander("Toelichting en grenzen van de cijfers", expanded=False):
        for note in texts.NOTES:
            st.markdown(f"- {md(note)}")
    st.download_button(f"Download {GRENS_FILE} (alle grensregio's)", data=grens_bytes(border), file_name=GRENS_FILE,
                       mime="text/csv", key="download_grens")
    st.caption(md(border.source) + " · Inwoners per gemeente (benadering): Bron: CBS.")


if __name__ == "__main__":
    render()
