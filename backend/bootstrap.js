// Production / `npm start` entry: runs the compiled app from dist/.
const { Bootstrap } = require('@midwayjs/bootstrap');
Bootstrap.configure({ baseDir: __dirname + '/dist' }).run();
