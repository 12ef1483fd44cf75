"""The frozen app's entry point: the same ``main`` as the ``palmyra-archive`` command.

PyInstaller needs a script, not a console-script entry point; keeping this file one import
long means the frozen app and the pip-installed command cannot drift apart.
"""

from palmyra_archive.__main__ import main

if __name__ == "__main__":
    main()
