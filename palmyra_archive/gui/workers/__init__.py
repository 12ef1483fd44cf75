"""Work off the GUI thread: the runner with progress and Cancel, the search worker, and
noticing other processes' writes.
"""
