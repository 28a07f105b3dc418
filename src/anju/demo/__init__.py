"""The founding example: the 迪庆州 programme of 2017 and its June figures."""
