"""The parsed-forms cache (``formkit.spec._parsed_form``) holds every form file, current and earlier versions."""


def test_every_form_file_current_and_earlier_fits_the_parsed_forms_cache():
    """The parsed-forms cache holds every form file at once (current and earlier versions): with more files than
    places, a scan of all of them evicted each before it was read again — every draft re-parsed the forms, and a
    form object kept by a caller was no longer the one loaded (a flaky test of session 46 showed it)."""
    from workstation.formkit import spec

    files = list(spec.FORMS.glob("*.toml")) + list(spec.FORMS.glob("earlier/*/*.toml"))
    assert len(files) * 2 <= spec.FORM_CACHE, len(files)
