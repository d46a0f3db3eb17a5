"""Protection of the personal information a data directory holds: the keyring (database key wrapped per
officer), the unlocked keys of this process, and the encryption of the file store."""
