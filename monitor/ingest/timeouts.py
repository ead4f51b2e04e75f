"""How long the live ingest waits for CBS and PDOK (no heavy imports: the CLI parser shows them).

The numbers are assumptions sized for CBS's public OData service; they could not be measured from
the machines this was written on (no internet). See the README's exit codes for what happens when
they run out.
"""

CONNECT_TIMEOUT = 10.0
"""Seconds to open a connection. opendata.cbs.nl and service.pdok.nl accept TCP+TLS in well under a
second on any working link; 10 s only fails a host that is not there."""
FIRST_ANSWER_TIMEOUT = 20.0
"""Seconds to wait for the first bytes of the run's first request (a CBS ``TableInfos`` record of a
few kB, which CBS serves in about a second). Until one request has succeeded, a timeout means the
host does not answer: after ``FIRST_ANSWER_ATTEMPTS`` tries the run stops as offline (exit 3)."""
FIRST_ANSWER_ATTEMPTS = 2
READ_TIMEOUT = 60.0
"""Seconds without a byte once CBS has answered: a filtered ``TypedDataSet`` page (up to 10,000 rows)
of the large tables (80305NED, 85984NED) can take tens of seconds before CBS starts sending."""
BUDGET = 300.0
"""Most seconds one request may take in all, retries and backoff included: no retry is started that
could end later (with the defaults: at most 4 attempts of a request that keeps timing out)."""
HEARTBEAT = 5.0
"""Seconds between "still waiting" lines while a request has not answered."""
