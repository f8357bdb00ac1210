"""Outside formats into the engine's values and commands: the timing system's files, F1DB's tree."""
