"""Renderers: each output format is a function of one `MergeResult`."""
