"""The law the workstation applies, Qt-free and data-driven: the legal-basis catalogue and the choice between
norms (``catalogue``), procedure thresholds (``thresholds``), the criminal thresholds of the 2017 SPC/SPP
interpretation (``criminal``), discretion tiers (``discretion``) and the late-payment surcharge
(``surcharge``). Every figure, period and article lives in ``resources/law/*.toml`` with its source and
effective date; the modules only read and apply it, and every result says why and on which legal source."""
