"""Territory: communes, EPCIs, arrondissements and départements with their real INSEE codes."""
