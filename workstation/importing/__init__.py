"""Importing spreadsheets: readers for .xlsx/.xls/.csv, header detection and the case-register importer."""
