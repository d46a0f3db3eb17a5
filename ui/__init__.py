"""案卷工作站 GUI (PySide6): windows, item models, dialogs and the task runner over the Qt-free core."""
