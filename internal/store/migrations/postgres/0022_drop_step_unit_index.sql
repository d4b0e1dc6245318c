-- No query looks up control-sheet rows by the unit they were handed to (the open step of a
-- dossier is read through the dossier, by dossier_steps (dossier_id, no)), so this index was only
-- written: at a million dossiers it holds 4.7 million rows, costs every reception and action an
-- insertion, and took a third of the index builds after a bulk load (BENCHMARKS.md).
DROP INDEX dossier_steps_open;
