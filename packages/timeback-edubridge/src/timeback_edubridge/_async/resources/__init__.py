"""One module per Edubridge resource family (wire contract 5.2); methods of 1-3 lines."""
