"""What a teacher reads about a class: the numbers (stats), each student's answers and the class's
results and CSV (reports), and their pictures (charts). The admin shows them; nothing here writes."""
