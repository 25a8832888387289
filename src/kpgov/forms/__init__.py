"""The First and Third Schedule forms of the Budget Rules 2016 (issue 14)."""
