"""案卷工作站 core: the Qt-free domain, storage, rules and command line of the case-file workstation."""

__version__ = "0.1.0"
