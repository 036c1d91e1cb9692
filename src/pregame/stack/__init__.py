"""Running the two runtimes: training the Rasa model and supervising the servers."""
