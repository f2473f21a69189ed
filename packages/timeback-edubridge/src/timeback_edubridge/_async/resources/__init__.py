"""One module per Edubridge resource family; methods of 1-3 lines."""
