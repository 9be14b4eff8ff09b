"""Everything the tests share (no tests here): the corpus and its one ingest per run
(corpus.py), a server in a thread (live.py), `styrgraf serve` and the CLI as subprocesses
(server.py), TestClient helpers (http.py), the SPARQL fixture store (sparql.py), the load
generator (load.py), document writers (documents.py), the steering-chain graphs (steering.py)
and the dense-index checks (vectors.py). The load, PDF and scale benches use some of them."""
