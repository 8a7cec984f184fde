"""Evaluation methodology library (评价模型): composite index, match/coordination, spatial statistics.

Composite index engine (JRC COIN / COINr practice; one module per pipeline step):

- :mod:`.framework` — the metadata table and its validator (:class:`Framework`);
- :mod:`.denominate`, :mod:`.impute`, :mod:`.screen`, :mod:`.treat`, :mod:`.normalise`,
  :mod:`.weights`, :mod:`.aggregate` — the steps, methods chosen by name;
- :mod:`.topsis` — TOPSIS as an alternative ranking;
- :mod:`.sensitivity` — Monte Carlo uncertainty and sensitivity analysis;
- :mod:`.pipeline` — run specs (YAML), run logs, re-runs.

Match and coordination: :mod:`.coordination` (耦合协调度, three variants), :mod:`.specialisation`
(区位熵/RTA, IP-dense regions and industries), :mod:`.match` (匹配度, static and dynamic).
Spatial statistics: :mod:`.spatial` (Moran's I, LISA, Getis-Ord G/G*). Layout evaluation from the
platform's data: :mod:`.layout`; the 布局 assessment every page and report shows (composite with
uncertainty, rank intervals, match/coordination, LISA; one set of defaults): :mod:`.assessment`.
Methods and citations: ``docs/methods-evaluate.md``.
"""

from ipatlas.evaluate.aggregate import aggregate, effective_weights, weighted_mean
from ipatlas.evaluate.assessment import LayoutAssessment, UnitAssessment, layout_assessment
from ipatlas.evaluate.coordination import BAND_NAMES, band_of, coupling_coordination, coupling_degree
from ipatlas.evaluate.data import load_composite_inputs, read_units_csv
from ipatlas.evaluate.denominate import denominate
from ipatlas.evaluate.framework import Framework, validate_framework
from ipatlas.evaluate.impute import impute
from ipatlas.evaluate.layout import evaluate_layout, load_layout_framework, rerun
from ipatlas.evaluate.match import dynamic_match, static_match, subsystem_indices
from ipatlas.evaluate.normalise import normalise, normalise_array
from ipatlas.evaluate.pipeline import (
    CompositeResult,
    PipelineSpec,
    run_composite_files,
    run_pipeline,
)
from ipatlas.evaluate.screen import screen
from ipatlas.evaluate.sensitivity import SensitivityResult, sensitivity_analysis
from ipatlas.evaluate.spatial import (
    SpatialWeights,
    contiguity_weights,
    county_weights,
    distance_band_weights,
    getis_ord_general,
    getis_ord_local,
    global_moran,
    local_moran,
    spatial_report,
)
from ipatlas.evaluate.specialisation import dense_cells, ip_dense, location_quotient, rta
from ipatlas.evaluate.topsis import topsis, topsis_ranking
from ipatlas.evaluate.treat import treat
from ipatlas.evaluate.weights import ahp_weights, entropy_weights, pca_weights

__all__ = [
    "BAND_NAMES",
    "CompositeResult",
    "Framework",
    "LayoutAssessment",
    "PipelineSpec",
    "SensitivityResult",
    "SpatialWeights",
    "UnitAssessment",
    "aggregate",
    "ahp_weights",
    "band_of",
    "contiguity_weights",
    "county_weights",
    "coupling_coordination",
    "coupling_degree",
    "denominate",
    "dense_cells",
    "distance_band_weights",
    "dynamic_match",
    "effective_weights",
    "entropy_weights",
    "evaluate_layout",
    "getis_ord_general",
    "getis_ord_local",
    "global_moran",
    "impute",
    "ip_dense",
    "layout_assessment",
    "load_composite_inputs",
    "load_layout_framework",
    "local_moran",
    "location_quotient",
    "normalise",
    "normalise_array",
    "pca_weights",
    "read_units_csv",
    "rerun",
    "rta",
    "run_composite_files",
    "run_pipeline",
    "screen",
    "sensitivity_analysis",
    "spatial_report",
    "static_match",
    "subsystem_indices",
    "topsis",
    "topsis_ranking",
    "treat",
    "validate_framework",
    "weighted_mean",
]
