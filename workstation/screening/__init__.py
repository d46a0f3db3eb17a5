"""Screening of imported complaints: which ones concern personal information (rules as data in
``resources/screening/rules.toml``), the numbers and businesses named in them, and their grouping into leads."""

from workstation.screening.complaint import Screened, prescreen_rules, rules_for, screen_complaint
from workstation.screening.rules import Rules, RulesError, classify, district_of, load_rules, sector_hint
from workstation.screening.screen import Preview, ScreenResult, apply_rules, preview_rules, screen

__all__ = ["Preview", "Rules", "RulesError", "ScreenResult", "Screened", "apply_rules", "classify", "district_of", "load_rules",
           "prescreen_rules", "preview_rules", "rules_for", "screen", "screen_complaint", "sector_hint"]
